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
        // Under the organization's lock, so that of two runs with one key the second finds the first's row and answers as
        // it did. Left to the key's unique index, the loser's insert failed, which EF Core logs as an error.
        await using var transaction = await db.BeginOrganizationTransactionAsync(request.OrganizationId, cancellationToken);
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
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result(entry);
    }

    public async Task<PayoutResult> PayOutAsync(PayoutRequest request, CancellationToken cancellationToken)
    {
        var key = $"payout-{request.PayoutId:N}";
        await RecordOnceAsync(
            new LedgerEntry
            {
                IdempotencyKey = key,
                Kind = LedgerEntryKind.Payout,
                OrganizationId = request.ProviderOrganizationId,
                Amount = request.Amount,
                Currency = request.Currency,
                At = clock.GetUtcNow(),
                Detail = request.Description,
            },
            cancellationToken);
        return new PayoutResult(true, key);
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        await RecordOnceAsync(
            new LedgerEntry
            {
                IdempotencyKey = request.IdempotencyKey,
                Kind = LedgerEntryKind.Refund,
                OrganizationId = request.OrganizationId,
                Amount = request.Amount,
                Currency = request.Currency,
                At = clock.GetUtcNow(),
                Detail = $"Refund of {request.PaymentReference}, a second payment of the invoice.",
            },
            cancellationToken);
        return new RefundResult(request.IdempotencyKey);
    }

    /// <summary>
    /// Adds the entry unless its key is in the ledger, under its organization's lock as charges are: a concurrent run that
    /// recorded it first is found, not raced.
    /// </summary>
    private async Task RecordOnceAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.BeginOrganizationTransactionAsync(entry.OrganizationId, cancellationToken);
        if (!await db.LedgerEntries.AnyAsync(e => e.IdempotencyKey == entry.IdempotencyKey, cancellationToken))
        {
            db.LedgerEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    public Task<string?> PaymentMethodsUrlAsync(Guid organizationId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    private static ChargeResult Result(LedgerEntry entry) => entry.Kind == LedgerEntryKind.Charge
        ? new ChargeResult(ChargeOutcome.Paid, entry.IdempotencyKey)
        : new ChargeResult(ChargeOutcome.Declined, entry.IdempotencyKey, entry.Detail);
}
