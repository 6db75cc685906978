using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrustVault.Core.Catalog.Anomalies;

/// <summary>
/// One closed interval of a listing's traffic, as the anomaly monitor judged it. Stored so that each interval is built and
/// judged once (its key is the listing and the interval's start) and later points are scored against these rather than
/// against raw usage events, which are pruned.
/// </summary>
public sealed class ListingTrafficPoint
{
    public Guid ListingId { get; init; }

    /// <summary>The interval's start, UTC; it lasts <see cref="TrafficSeries.Interval"/>.</summary>
    public DateTimeOffset Start { get; init; }

    public int Calls { get; init; }
    public int ServerErrors { get; init; }
    public int ClientErrors { get; init; }

    /// <summary>The 95th percentile of the calls' latency; null without calls.</summary>
    public int? P95LatencyMs { get; init; }

    /// <summary>Enough calls to judge: a rate over a handful of calls is noise (one failed call of two is 50%).</summary>
    public bool IsJudged => Calls >= TrafficSeries.MinimumCalls;

    public double Value(ListingMetric metric) => metric switch
    {
        ListingMetric.ServerErrorRate => Calls == 0 ? 0 : (double)ServerErrors / Calls,
        ListingMetric.ClientErrorRate => Calls == 0 ? 0 : (double)ClientErrors / Calls,
        _ => P95LatencyMs ?? 0,
    };
}

internal sealed class ListingTrafficPointConfiguration : IEntityTypeConfiguration<ListingTrafficPoint>
{
    public void Configure(EntityTypeBuilder<ListingTrafficPoint> builder)
    {
        builder.HasKey(p => new { p.ListingId, p.Start });
        builder.HasIndex(p => p.Start);
        builder.HasOne<Listing>().WithMany().HasForeignKey(p => p.ListingId).OnDelete(DeleteBehavior.Cascade);
    }
}
