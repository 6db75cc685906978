using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Billing;

public sealed record ListingEarnings(Guid ListingId, string ListingName, string Currency, decimal Gross, decimal PlatformFee, decimal Net);

public sealed record PayoutView(Guid Id, DateTimeOffset PeriodStart, string Currency, decimal Gross, decimal PlatformFee, decimal Net, PayoutStatus Status, DateTimeOffset? PaidAt);

public sealed record Earnings(decimal PlatformFeePercent, IReadOnlyList<ListingEarnings> Listings, IReadOnlyList<PayoutView> Payouts);

/// <summary>What a provider earned per listing from paid invoices, and its payouts: the portal's earnings page.</summary>
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
                l.Amount,
            })
            .ToListAsync(cancellationToken);
        var fee = options.Value.PlatformFeePercent;
        var listings = lines.Where(l => !l.FirstParty)
            .GroupBy(l => (l.ListingId, l.ListingName, l.Currency))
            .Select(g =>
            {
                var share = RevenueShare.Of(g.Sum(l => l.Amount), fee);
                return new ListingEarnings(g.Key.ListingId, g.Key.ListingName, g.Key.Currency, share.Gross, share.PlatformFee, share.Net);
            })
            .OrderByDescending(e => e.Gross)
            .ToList();
        var payouts = await db.Payouts.AsNoTracking().ForProvider(organizationId)
            .OrderByDescending(p => p.PeriodStart)
            .Select(p => new PayoutView(p.Id, p.PeriodStart, p.Currency, p.Gross, p.PlatformFee, p.Net, p.Status, p.PaidAt))
            .ToListAsync(cancellationToken);
        return new Earnings(fee, listings, payouts);
    }
}
