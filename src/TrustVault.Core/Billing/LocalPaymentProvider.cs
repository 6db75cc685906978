using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;

namespace TrustVault.Core.Billing;

/// <summary>
/// Test mode: charges and payouts are rows in the local ledger, paid with the simulated card on file.
/// A repeated request finds its ledger row by idempotency key and gets the same answer.
/// </summary>
public sealed class LocalPaymentProvider(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock) : IPaymentProvider
{
    public bool IsTestMode => true;

    public async Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.BillingAccounts.AsNoTracking().ForOrganization(request.OrganizationId).SingleOrDefaultAsync(cancellationToken);
        return new CheckoutStart(account?.HasPaymentMethod == true, null);
    }

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        var key = request.IdempotencyKey;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.LedgerEntries.AsNoTracking().SingleOrDefaultAsync(e => e.IdempotencyKey == key, cancellationToken) is { } done)
        {
            return Result(done);
        }

        var card = await db.BillingAccounts.AsNoTracking().ForOrganization(request.OrganizationId).SingleOrDefaultAsync(cancellationToken);
        var declined = card?.HasPaymentMethod != true || card.CardLast4 == TestCard.DeclinedLast4;
        var entry = new LedgerEntry
        {
            IdempotencyKey = key,
            Kind = declined ? LedgerEntryKind.DeclinedCharge : LedgerEntryKind.Charge,
            OrganizationId = request.OrganizationId,
            Amount = request.Total,
            Currency = request.Currency,
            At = clock.GetUtcNow(),
            Detail = card?.CardOnFile is not { } onFile ? "No card on file." : declined ? $"{onFile} was declined." : onFile,
        };
        db.LedgerEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Result(entry);
        }
        catch (DbUpdateException)
        {
            // A concurrent run charged first: answer as it did.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            return Result(await again.LedgerEntries.AsNoTracking().SingleAsync(e => e.IdempotencyKey == key, cancellationToken));
        }
    }

    public async Task<PayoutResult> PayOutAsync(PayoutRequest request, CancellationToken cancellationToken)
    {
        var key = $"payout-{request.PayoutId:N}";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.LedgerEntries.AnyAsync(e => e.IdempotencyKey == key, cancellationToken))
        {
            db.LedgerEntries.Add(new LedgerEntry
            {
                IdempotencyKey = key,
                Kind = LedgerEntryKind.Payout,
                OrganizationId = request.ProviderOrganizationId,
                Amount = request.Amount,
                Currency = request.Currency,
                At = clock.GetUtcNow(),
                Detail = request.Description,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A concurrent run paid it first: answer as it did.
                if (!await PaidAsync(key, cancellationToken))
                {
                    throw;
                }
            }
        }

        return new PayoutResult(true, key);
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var key = request.IdempotencyKey;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.LedgerEntries.AnyAsync(e => e.IdempotencyKey == key, cancellationToken))
        {
            db.LedgerEntries.Add(new LedgerEntry
            {
                IdempotencyKey = key,
                Kind = LedgerEntryKind.Refund,
                OrganizationId = request.OrganizationId,
                Amount = request.Amount,
                Currency = request.Currency,
                At = clock.GetUtcNow(),
                Detail = $"Refund of {request.PaymentReference}, a second payment of the invoice.",
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A concurrent answer refunded it first.
                if (!await PaidAsync(key, cancellationToken))
                {
                    throw;
                }
            }
        }

        return new RefundResult(key);
    }

    public Task<string?> PaymentMethodsUrlAsync(Guid organizationId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    private async Task<bool> PaidAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LedgerEntries.AnyAsync(e => e.IdempotencyKey == key, cancellationToken);
    }

    private static ChargeResult Result(LedgerEntry entry) => entry.Kind == LedgerEntryKind.Charge
        ? new ChargeResult(ChargeOutcome.Paid, entry.IdempotencyKey)
        : new ChargeResult(ChargeOutcome.Declined, entry.IdempotencyKey, entry.Detail);
}
