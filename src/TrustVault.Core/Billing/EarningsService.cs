using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Billing;

public sealed record ListingEarnings(Guid ListingId, string ListingName, string Currency, decimal Gross, decimal PlatformFee, decimal Net);

/// <param name="FollowUp">Pays invoices of the period that were paid after its first payout.</param>
public sealed record PayoutView(
    Guid Id, DateTimeOffset PeriodStart, string Currency, decimal Gross, decimal PlatformFee, decimal Net, PayoutStatus Status, DateTimeOffset? PaidAt, bool FollowUp);

public sealed record Earnings(decimal PlatformFeePercent, IReadOnlyList<ListingEarnings> Listings, IReadOnlyList<PayoutView> Payouts);

/// <summary>
/// What a provider earned per listing from paid invoices, and its payouts: the portal's earnings page. A listing's fee is
/// its part of each payout's fee (<see cref="RevenueShare.Split"/>), so the listings add up to the payouts to the cent.
/// </summary>
public sealed class EarningsService(IDbContextFactory<TrustVaultDbContext> contexts, IOptions<BillingOptions> options)
{
    public async Task<Earnings> ForProviderAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        // The lines are the provider's; the invoices and listings they point at are read by id, whoever's they are.
        var lines = await db.InvoiceLines.AsNoTracking()
            .ForProvider(organizationId)
            .Where(l => db.Invoices.AcrossOrganizations().Any(i => i.Id == l.InvoiceId && i.Status == InvoiceStatus.Paid))
            .Select(l => new
            {
                l.ListingId,
                ListingName = db.Listings.AcrossOrganizations().Where(x => x.Id == l.ListingId).Select(x => x.Name).First(),
                FirstParty = db.Listings.AcrossOrganizations().Where(x => x.Id == l.ListingId).Select(x => x.IsFirstParty).First(),
                Currency = db.Invoices.AcrossOrganizations().Where(i => i.Id == l.InvoiceId).Select(i => i.Currency).First(),
                PeriodStart = db.Invoices.AcrossOrganizations().Where(i => i.Id == l.InvoiceId).Select(i => i.PeriodStart).First(),
                l.Amount,
            })
            .ToListAsync(cancellationToken);
        var fee = options.Value.PlatformFeePercent;
        // The payouts of a period and currency (the first and any follow-up) take the fee of their sum (PayoutService), split here over the listings.
        var listings = lines.Where(l => !l.FirstParty)
            .GroupBy(l => (l.PeriodStart, l.Currency))
            .SelectMany(payout =>
            {
                var parts = payout.GroupBy(l => (l.ListingId, l.ListingName)).ToList();
                var shares = RevenueShare.Split([.. parts.Select(p => p.Sum(l => l.Amount))], fee, payout.Key.Currency);
                return parts.Zip(shares, (part, share) => (part.Key.ListingId, part.Key.ListingName, payout.Key.Currency, Share: share));
            })
            .GroupBy(s => (s.ListingId, s.ListingName, s.Currency))
            .Select(g => new ListingEarnings(
                g.Key.ListingId, g.Key.ListingName, g.Key.Currency, g.Sum(s => s.Share.Gross), g.Sum(s => s.Share.PlatformFee), g.Sum(s => s.Share.Net)))
            .OrderByDescending(e => e.Gross)
            .ToList();
        var payouts = await db.Payouts.AsNoTracking().ForProvider(organizationId)
            .OrderByDescending(p => p.PeriodStart).ThenByDescending(p => p.Sequence)
            .Select(p => new PayoutView(p.Id, p.PeriodStart, p.Currency, p.Gross, p.PlatformFee, p.Net, p.Status, p.PaidAt, p.Sequence > 1))
            .ToListAsync(cancellationToken);
        return new Earnings(fee, listings, payouts);
    }
}
