using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Payments;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Billing;

/// <summary>A provider's share of a line: gross less the platform fee, the fee rounded to the currency's minor unit.</summary>
public readonly record struct RevenueShare(decimal Gross, decimal PlatformFee, decimal Net)
{
    public static RevenueShare Of(decimal gross, decimal platformFeePercent, string currency)
    {
        var fee = Money.ToMinorUnits(gross * platformFeePercent / 100m, currency);
        return new RevenueShare(gross, fee, gross - fee);
    }

    /// <summary>
    /// The shares of parts of one payout: their fees add up to the fee of the payout, <see cref="Of"/> their sum, where
    /// each rounded alone could be a minor unit or more off. Largest remainder: every part's fee rounded down to the minor
    /// unit, and the units left to the payout's fee go one each to the parts that rounding down cut most.
    /// </summary>
    public static IReadOnlyList<RevenueShare> Split(IReadOnlyList<decimal> grosses, decimal platformFeePercent, string currency)
    {
        var unit = Money.MinorUnit(currency);
        var exact = grosses.Select(g => g * platformFeePercent / 100m).ToList();
        var fees = exact.Select(f => Math.Floor(f / unit) * unit).ToArray();
        var unitsLeft = (int)((Of(grosses.Sum(), platformFeePercent, currency).PlatformFee - fees.Sum()) / unit);
        foreach (var i in Enumerable.Range(0, fees.Length).OrderByDescending(i => exact[i] - fees[i]).ThenBy(i => i).Take(unitsLeft))
        {
            fees[i] += unit;
        }

        return [.. grosses.Select((gross, i) => new RevenueShare(gross, fees[i], gross - fees[i]))];
    }
}

/// <summary>
/// Pays providers their share of paid invoices: per provider, period and currency, gross, the platform fee and net.
/// First-party listings earn the platform alone. A run settles its period and every earlier one: an invoice paid after its
/// period's payout went out (a failed charge paid later) is paid by a follow-up payout, as a marketplace transfers money
/// collected late rather than keeping it. Each run pays what was earned beyond the payouts already made, so re-running
/// pays nothing twice: a concurrent run that records the same follow-up first wins on the payout's unique index, and the
/// payout id is the payment's idempotency key.
/// </summary>
public sealed class PayoutService(IDbContextFactory<TrustVaultDbContext> contexts, IPaymentProvider payments, IOptions<BillingOptions> options, TimeProvider clock)
{
    public async Task<int> SettleAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        await RecordOwedAsync(period, cancellationToken);
        return await PayUnpaidAsync(period, cancellationToken);
    }

    /// <summary>Adds a payout for what each provider earned, in the period or before, beyond the payouts made for it.</summary>
    private async Task RecordOwedAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var earned = await (
                from line in db.InvoiceLines
                join invoice in db.Invoices on line.InvoiceId equals invoice.Id
                where invoice.Status == InvoiceStatus.Paid && invoice.PeriodStart <= period.Start
                    && db.Listings.Any(x => x.Id == line.ListingId && !x.IsFirstParty)
                group line.Amount by new { line.ProviderOrganizationId, invoice.PeriodStart, invoice.Currency } into g
                select new { g.Key.ProviderOrganizationId, g.Key.PeriodStart, g.Key.Currency, Gross = g.Sum() })
                .ToListAsync(cancellationToken);
            var made = (await db.Payouts.AsNoTracking().Where(p => p.PeriodStart <= period.Start).ToListAsync(cancellationToken))
                .ToLookup(p => (p.ProviderOrganizationId, p.PeriodStart, p.Currency));
            foreach (var e in earned)
            {
                var before = made[(e.ProviderOrganizationId, e.PeriodStart, e.Currency)].ToList();
                // The fee is taken on the period's whole gross, so the payouts of a period add up to RevenueShare.Of its sum,
                // which is what the earnings page splits over the listings.
                var due = RevenueShare.Of(e.Gross, options.Value.PlatformFeePercent, e.Currency);
                var gross = due.Gross - before.Sum(p => p.Gross);
                if (gross > 0)
                {
                    var fee = due.PlatformFee - before.Sum(p => p.PlatformFee);
                    db.Payouts.Add(new Payout
                    {
                        ProviderOrganizationId = e.ProviderOrganizationId,
                        PeriodStart = e.PeriodStart,
                        Currency = e.Currency,
                        Sequence = before.Select(p => p.Sequence).DefaultIfEmpty().Max() + 1,
                        Gross = gross,
                        PlatformFee = fee,
                        Net = gross - fee,
                    });
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another run recorded a payout for the same provider and period meanwhile: count again.
            }
        }
    }

    private async Task<int> PayUnpaidAsync(BillingPeriod period, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unpaid = await db.Payouts.Where(p => p.PeriodStart <= period.Start && p.Status != PayoutStatus.Paid).ToListAsync(cancellationToken);
        var paid = 0;
        foreach (var payout in unpaid.Where(p => p.Net > 0).OrderBy(p => p.PeriodStart).ThenBy(p => p.Sequence))
        {
            var result = await payments.PayOutAsync(
                new PayoutRequest(payout.Id, payout.ProviderOrganizationId, payout.Currency, payout.Net, Description(payout)), cancellationToken);
            payout.Status = result.Paid ? PayoutStatus.Paid : PayoutStatus.Failed;
            payout.PaidAt = result.Paid ? clock.GetUtcNow() : null;
            payout.Reference = result.Reference;
            payout.FailureReason = result.FailureReason;
            paid += result.Paid ? 1 : 0;
            await db.SaveChangesAsync(cancellationToken);
        }

        return paid;
    }

    private static string Description(Payout payout) => payout.Sequence == 1
        ? $"TrustVault earnings {BillingPeriod.MonthOf(payout.PeriodStart)}"
        : $"TrustVault earnings {BillingPeriod.MonthOf(payout.PeriodStart)}, invoices paid late";
}
