using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;

namespace TrustVault.Core.Catalog.Health;

/// <summary>Uptime of a listing from its health probes and p50 latency from its gateway calls, over the last <see cref="Days"/> days.</summary>
public sealed record ListingHealthSummary(int Days, int Probes, int OkProbes, int? P50LatencyMs)
{
    /// <summary>Share of probes that found the upstream up, in percent; null before the first probe.</summary>
    public double? UptimePercent => Probes == 0 ? null : 100.0 * OkProbes / Probes;
}

/// <summary>
/// What the catalog shows about a listing's health: read-only, from stored probes and usage events. Summaries are
/// kept for <see cref="Freshness"/>, the probe schedule, so a page of catalog cards does not re-sort every
/// listing's month of calls on each visit.
/// </summary>
public sealed class ListingHealthService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    public const int Days = 30;

    public static TimeSpan Freshness { get; } = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, (DateTimeOffset At, ListingHealthSummary Summary)> recent = new();

    public async Task<ListingHealthSummary> SummaryAsync(Guid listingId, CancellationToken cancellationToken) =>
        (await SummariesAsync([listingId], cancellationToken))[listingId];

    public async Task<IReadOnlyDictionary<Guid, ListingHealthSummary>> SummariesAsync(IReadOnlyCollection<Guid> listingIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var summaries = new Dictionary<Guid, ListingHealthSummary>();
        foreach (var id in listingIds)
        {
            if (recent.TryGetValue(id, out var kept) && now - kept.At < Freshness)
            {
                summaries[id] = kept.Summary;
            }
        }

        var missing = listingIds.Where(id => !summaries.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return summaries;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var from = now.AddDays(-Days);
        var probes = await db.ListingHealthProbes.AsNoTracking()
            .Where(p => missing.Contains(p.ListingId) && p.At >= from)
            .GroupBy(p => p.ListingId)
            .Select(g => new { ListingId = g.Key, Total = g.Count(), Ok = g.Count(p => p.Ok) })
            .ToDictionaryAsync(g => g.ListingId, cancellationToken);
        foreach (var id in missing)
        {
            var counted = probes.GetValueOrDefault(id);
            var summary = new ListingHealthSummary(Days, counted?.Total ?? 0, counted?.Ok ?? 0, await P50LatencyAsync(db, id, from, cancellationToken));
            recent[id] = (now, summary);
            summaries[id] = summary;
        }

        return summaries;
    }

    /// <summary>
    /// Nearest-rank median (as <see cref="UsageService.Percentile"/>) of the listing's gateway calls since
    /// <paramref name="from"/>, computed in the database so a busy listing's events are not loaded. Calls the
    /// gateway refused itself (<see cref="UsageEvent.IsGatewayRefusal"/>) never reached the upstream and are left out,
    /// whatever the upstream's own status; every other call has a subscription, which lets the (subscription, time)
    /// index find them.
    /// </summary>
    private static async Task<int?> P50LatencyAsync(TrustVaultDbContext db, Guid listingId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var subscriptions = db.Subscriptions.Where(s => s.ListingId == listingId).Select(s => (Guid?)s.Id);
        var calls = db.UsageEvents.AsNoTracking()
            .Where(e => subscriptions.Contains(e.SubscriptionId) && e.At >= from)
            .Where(UsageEvent.NotRefusedByGateway);
        var count = await calls.CountAsync(cancellationToken);
        if (count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(count / 2.0);
        return await calls.OrderBy(e => e.LatencyMs).Skip(rank - 1).Select(e => e.LatencyMs).FirstAsync(cancellationToken);
    }
}
