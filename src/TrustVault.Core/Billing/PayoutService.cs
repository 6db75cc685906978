using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Billing;

/// <summary>A provider's share of a line: gross less the platform fee, the fee rounded to cents.</summary>
public readonly record struct RevenueShare(decimal Gross, decimal PlatformFee, decimal Net)
{
    public static RevenueShare Of(decimal gross, decimal platformFeePercent)
    {
        var fee = Money.ToMinorUnits(gross * platformFeePercent / 100m);
        return new RevenueShare(gross, fee, gross - fee);
    }

    /// <summary>
    /// The shares of parts of one payout: their fees add up to the fee of the payout, <see cref="Of"/> their sum, where
    /// each rounded alone could be a cent or more off. Largest remainder: every part's fee rounded down, and the cents
    /// left to the payout's fee go one each to the parts that rounding down cut most.
    /// </summary>
    public static IReadOnlyList<RevenueShare> Split(IReadOnlyList<decimal> grosses, decimal platformFeePercent)
    {
        var exact = grosses.Select(g => g * platformFeePercent / 100m).ToList();
        var fees = exact.Select(f => Math.Floor(f * 100m) / 100m).ToArray();
        var centsLeft = (int)((Of(grosses.Sum(), platformFeePercent).PlatformFee - fees.Sum()) * 100m);
        foreach (var i in Enumerable.Range(0, fees.Length).OrderByDescending(i => exact[i] - fees[i]).ThenBy(i => i).Take(centsLeft))
        {
            fees[i] += 0.01m;
        }

        return [.. grosses.Select((gross, i) => new RevenueShare(gross, fees[i], gross - fees[i]))];
    }
}

/// <summary>
/// Pays providers for a period from the invoices of that period that were paid: per provider and currency,
/// gross, the platform fee and net. First-party listings earn the platform alone. Re-running recomputes
/// pending payouts and never pays one twice (the payout id is the idempotency key).
/// </summary>
public sealed class PayoutService(IDbContextFactory<TrustVaultDbContext> contexts, IPaymentProvider payments, IOptions<BillingOptions> options, TimeProvider clock)
{
    public async Task<int> SettleAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var earned = await db.InvoiceLines.AsNoTracking()
            .Where(l => db.Invoices.Any(i => i.Id == l.InvoiceId && i.PeriodStart == period.Start && i.Status == InvoiceStatus.Paid))
            .Where(l => db.Listings.Any(x => x.Id == l.ListingId && !x.IsFirstParty))
            .Select(l => new { l.ProviderOrganizationId, l.Amount, Currency = db.Invoices.Where(i => i.Id == l.InvoiceId).Select(i => i.Currency).First() })
            .ToListAsync(cancellationToken);
        var payouts = await db.Payouts.Where(p => p.PeriodStart == period.Start).ToListAsync(cancellationToken);
        foreach (var group in earned.GroupBy(e => (e.ProviderOrganizationId, e.Currency)))
        {
            var share = RevenueShare.Of(group.Sum(e => e.Amount), options.Value.PlatformFeePercent);
            var payout = payouts.SingleOrDefault(p => p.ProviderOrganizationId == group.Key.ProviderOrganizationId && p.Currency == group.Key.Currency);
            if (payout is null)
            {
                payout = new Payout { ProviderOrganizationId = group.Key.ProviderOrganizationId, PeriodStart = period.Start, Currency = group.Key.Currency };
                db.Payouts.Add(payout);
                payouts.Add(payout);
            }

            if (payout.Status != PayoutStatus.Paid)
            {
                (payout.Gross, payout.PlatformFee, payout.Net) = (share.Gross, share.PlatformFee, share.Net);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var paid = 0;
        foreach (var payout in payouts.Where(p => p.Status != PayoutStatus.Paid && p.Net > 0))
        {
            var result = await payments.PayOutAsync(
                new PayoutRequest(payout.Id, payout.ProviderOrganizationId, payout.Currency, payout.Net, $"TrustVault earnings {period}"), cancellationToken);
            payout.Status = result.Paid ? PayoutStatus.Paid : PayoutStatus.Failed;
            payout.PaidAt = result.Paid ? clock.GetUtcNow() : null;
            payout.Reference = result.Reference;
            payout.FailureReason = result.FailureReason;
            paid += result.Paid ? 1 : 0;
            await db.SaveChangesAsync(cancellationToken);
        }

        return paid;
    }
}
