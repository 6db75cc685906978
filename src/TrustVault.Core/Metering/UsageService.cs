using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Metering;

public sealed record DailyUsage(DateOnly Day, Guid ListingId, string ListingName, long Calls, [property: Description(UsageRollup.ErrorsDescription)] long Errors);

public sealed record UsageSummary(
    IReadOnlyList<DailyUsage> Daily, long Calls, [property: Description(UsageRollup.ErrorsDescription)] long Errors, int? P50LatencyMs, int? P95LatencyMs);

public sealed record ListingStats(
    Guid ListingId, string Name, int Subscribers, long Calls, [property: Description(UsageRollup.ErrorsDescription)] long Errors, int? P50LatencyMs, int? P95LatencyMs);

/// <summary>Usage as the console (a customer's calls) and the portal (calls to a provider's listings) show it.</summary>
public sealed class UsageService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    /// <summary>The organization's calls per API and day over the last <paramref name="days"/> days.</summary>
    public async Task<UsageSummary> ForCustomerAsync(string userId, Guid organizationId, int days, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var from = clock.GetUtcNow().AddDays(-days);
        // Calls to a slug no API answers at count too, as in the usage groups: under Guid.Empty and a dash.
        var events = await db.UsageEvents.AsNoTracking().ForOrganization(organizationId)
            .Where(e => e.At >= from)
            .Select(e => new Row(e.ListingId ?? Guid.Empty, e.At, e.Status, e.LatencyMs))
            .ToListAsync(cancellationToken);
        var names = await ListingNamesAsync(db, events.Select(e => e.ListingId).Distinct(), cancellationToken);
        var daily = events
            .GroupBy(e => (Day: DateOnly.FromDateTime(e.At.UtcDateTime), e.ListingId))
            .Select(g => new DailyUsage(
                g.Key.Day, g.Key.ListingId, UsageDrillDownService.ListingName(names, g.Key.ListingId == Guid.Empty ? null : g.Key.ListingId), g.Count(), g.Count(e => e.Status >= 500)))
            .OrderBy(d => d.Day).ThenBy(d => d.ListingName, StringComparer.Ordinal)
            .ToList();
        var latencies = events.Select(e => e.LatencyMs).Order().ToList();
        return new UsageSummary(daily, events.Count, events.Count(e => e.Status >= 500), Percentile(latencies, 50), Percentile(latencies, 95));
    }

    /// <summary>
    /// Calls that reached the upstream, errors, latency and subscribers over the last <paramref name="days"/> days of
    /// each of <paramref name="listingIds"/> that is a listing of the provider: the page of listings a table or the API
    /// shows, since every listing's calls would be read for the few shown.
    /// </summary>
    public async Task<IReadOnlyList<ListingStats>> ForListingsAsync(
        string userId, Guid organizationId, IReadOnlyCollection<Guid> listingIds, int days, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var from = now.AddDays(-days);
        var listings = await db.Listings.AsNoTracking().ForOrganization(organizationId)
            .Where(l => listingIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        var ids = listings.Select(l => l.Id).ToList();
        // The calls of the provider's own listings, made by its customers, that reached its upstream: the gateway's own
        // refusals (rate limit, quota, no subscription) are answered in a millisecond and would flatter the latency.
        var events = await db.UsageEvents.AsNoTracking().AcrossOrganizations()
            .Where(e => e.ListingId != null && ids.Contains(e.ListingId.Value) && e.At >= from)
            .Where(UsageEvent.NotRefusedByGateway)
            .Select(e => new Row(e.ListingId!.Value, e.At, e.Status, e.LatencyMs))
            .ToListAsync(cancellationToken);
        var subscriptions = await db.Subscriptions.AsNoTracking().AcrossOrganizations().Where(s => ids.Contains(s.ListingId) && s.EndedAt == null).ToListAsync(cancellationToken);
        var eventsByListing = events.ToLookup(e => e.ListingId);
        return listings.Select(l =>
        {
            var mine = eventsByListing[l.Id].ToList();
            var latencies = mine.Select(e => e.LatencyMs).Order().ToList();
            return new ListingStats(
                l.Id, l.Name, subscriptions.Count(s => s.ListingId == l.Id && s.IsLiveAt(now)), mine.Count, mine.Count(e => e.Status >= 500),
                Percentile(latencies, 50), Percentile(latencies, 95));
        }).OrderByDescending(s => s.Calls).ToList();
    }

    /// <summary>Nearest-rank percentile of sorted values; null for none.</summary>
    public static int? Percentile(IReadOnlyList<int> sorted, int percentile)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static async Task<Dictionary<Guid, string>> ListingNamesAsync(TrustVaultDbContext db, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        // Names of the APIs the customer called: the catalog's, public.
        return await db.Listings.AcrossOrganizations().Where(l => list.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
    }

    private sealed record Row(Guid ListingId, DateTimeOffset At, int Status, int LatencyMs);
}
