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

/// <summary>What the catalog shows about a listing's health: read-only, from stored probes and usage events.</summary>
public sealed class ListingHealthService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    public const int DefaultDays = 30;

    public async Task<ListingHealthSummary> SummaryAsync(Guid listingId, CancellationToken cancellationToken, int days = DefaultDays)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var from = clock.GetUtcNow().AddDays(-days);
        var probes = db.ListingHealthProbes.AsNoTracking().Where(p => p.ListingId == listingId && p.At >= from);
        var total = await probes.CountAsync(cancellationToken);
        var ok = total == 0 ? 0 : await probes.CountAsync(p => p.Ok, cancellationToken);
        return new ListingHealthSummary(days, total, ok, await P50LatencyAsync(db, listingId, from, cancellationToken));
    }

    /// <summary>
    /// Nearest-rank median (as <see cref="UsageService.Percentile"/>) of the listing's gateway calls since
    /// <paramref name="from"/>, computed in the database so a busy listing's events are not loaded. Calls the
    /// gateway refused itself (402, 403, 429) never reached the upstream and are left out.
    /// </summary>
    private static async Task<int?> P50LatencyAsync(TrustVaultDbContext db, Guid listingId, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var calls = db.UsageEvents.AsNoTracking()
            .Where(e => e.ListingId == listingId && e.At >= from && e.Status != 402 && e.Status != 403 && e.Status != 429);
        var count = await calls.CountAsync(cancellationToken);
        if (count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(count / 2.0);
        return await calls.OrderBy(e => e.LatencyMs).Skip(rank - 1).Select(e => e.LatencyMs).FirstAsync(cancellationToken);
    }
}
