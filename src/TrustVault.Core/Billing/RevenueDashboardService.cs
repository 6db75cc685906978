using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Analytics.BusinessIntelligence;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Billing;

/// <summary>The admins' revenue figures: the BI engine's report on TrustVault's own subscriptions, with names for its ids.</summary>
public sealed record RevenueDashboard(string Currency, RevenueReport Report, IReadOnlyDictionary<string, string> Names)
{
    public string NameOf(string id) => Names.GetValueOrDefault(id, id);
}

/// <summary>
/// Turns subscriptions into revenue streams for <see cref="RevenueAnalyzer"/>: one stream per plan term, split
/// at the end of a trial (trial time is a trial stream, outside MRR), ending when the subscription is canceled
/// or ended; the customer is the subscribing organization, the product the listing, the provider its
/// publisher. Overage billed on invoices is one-off revenue, never MRR.
/// </summary>
public sealed class RevenueDashboardService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    public const int MaxMonths = 36;

    public async Task<RevenueDashboard> GetAsync(string adminUserId, int months, string currency, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        months = Math.Clamp(months, 1, MaxMonths);
        var to = DateOnly.FromDateTime(BillingPeriod.MonthOf(clock.GetUtcNow()).Start.UtcDateTime);
        var from = to.AddMonths(1 - months);

        var subscriptions = await db.Subscriptions.AsNoTracking().Include(s => s.Terms)
            .Where(s => s.Status != SubscriptionStatus.Incomplete)
            .Select(s => new { Subscription = s, Provider = s.Listing!.OrganizationId })
            .ToListAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var streams = new List<RevenueStream>();
        foreach (var row in subscriptions)
        {
            var s = row.Subscription;
            var ends = new[] { s.CancelsAt, s.EndedAt }.Where(d => d is not null).Min();
            foreach (var term in s.Terms)
            {
                var plan = plans[term.PlanId];
                if (plan.Currency != currency)
                {
                    continue;
                }

                var end = new[] { term.To, ends }.Where(d => d is not null).Min();
                var paidFrom = s.TrialEndsAt is { } trialEnd && trialEnd > term.From ? trialEnd : term.From;
                if (paidFrom > term.From)
                {
                    var trialTo = end is { } e && e < paidFrom ? e : paidFrom;
                    streams.Add(Stream(s, row.Provider, plan.ListingId, term.From, trialTo, plan.MonthlyPrice, currency, isTrial: true));
                }

                if (end is null || end > paidFrom)
                {
                    streams.Add(Stream(s, row.Provider, plan.ListingId, paidFrom, end, plan.MonthlyPrice, currency, isTrial: false));
                }
            }
        }

        var overage = await db.InvoiceLines.AsNoTracking()
            .Where(l => l.Kind == InvoiceLineKind.Overage && db.Invoices.Any(i => i.Id == l.InvoiceId && i.Currency == currency))
            .Select(l => new { l.ListingId, l.ProviderOrganizationId, l.Amount, Invoice = db.Invoices.Where(i => i.Id == l.InvoiceId).Select(i => new { i.OrganizationId, i.PeriodStart }).First() })
            .ToListAsync(cancellationToken);
        var charges = overage
            .Select(o => new OneOffCharge(o.Invoice.OrganizationId.ToString(), o.ListingId.ToString(), o.ProviderOrganizationId.ToString(), o.Invoice.PeriodStart, o.Amount, currency))
            .ToList();

        var report = RevenueAnalyzer.Analyze(streams, from, to, new RevenueOptions(TopCount: 10), charges);
        var names = (await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken))
            .Select(o => (Id: o.Id.ToString(), o.Name))
            .Concat((await db.Listings.AsNoTracking().Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken)).Select(l => (Id: l.Id.ToString(), l.Name)))
            .ToDictionary(x => x.Id, x => x.Name);
        return new RevenueDashboard(currency, report, names);
    }

    private static RevenueStream Stream(
        Subscription subscription, Guid provider, Guid listing, DateTimeOffset from, DateTimeOffset? to, decimal price, string currency, bool isTrial) =>
        new(subscription.OrganizationId.ToString(), subscription.Id.ToString(), listing.ToString(), provider.ToString(), from, to, price, currency, isTrial);
}
