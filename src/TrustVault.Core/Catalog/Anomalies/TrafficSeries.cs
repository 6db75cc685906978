using TrustVault.Core.Metering;

namespace TrustVault.Core.Catalog.Anomalies;

/// <summary>One call as the traffic series sees it.</summary>
public readonly record struct TrafficSample(DateTimeOffset At, int Status, int LatencyMs);

/// <summary>Turns a listing's calls into one <see cref="ListingTrafficPoint"/> per fixed interval.</summary>
public static class TrafficSeries
{
    /// <summary>The length of a point: short enough that a spike shows within minutes, long enough to hold some calls.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls an interval needs to be judged; fewer are stored but neither scored nor part of later points' history.</summary>
    public const int MinimumCalls = 20;

    /// <summary>The start of the interval <paramref name="at"/> falls in, UTC.</summary>
    public static DateTimeOffset Floor(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Interval.Ticks), TimeSpan.Zero);

    /// <summary>
    /// A point for every interval from <paramref name="from"/> up to <paramref name="to"/> (both interval starts), empty
    /// intervals included, so that a later run knows they were seen; samples outside that span are ignored.
    /// </summary>
    public static IReadOnlyList<ListingTrafficPoint> Build(Guid listingId, IEnumerable<TrafficSample> samples, DateTimeOffset from, DateTimeOffset to)
    {
        if (from != Floor(from) || to != Floor(to))
        {
            throw new ArgumentException("The span must start and end on interval bounds.");
        }

        var byInterval = samples.Where(s => s.At >= from && s.At < to).ToLookup(s => Floor(s.At));
        var points = new List<ListingTrafficPoint>();
        for (var start = from; start < to; start += Interval)
        {
            var calls = byInterval[start].ToList();
            points.Add(new ListingTrafficPoint
            {
                ListingId = listingId,
                Start = start,
                Calls = calls.Count,
                ServerErrors = calls.Count(c => c.Status >= 500),
                ClientErrors = calls.Count(c => c.Status is >= 400 and < 500),
                P95LatencyMs = UsageService.Percentile(calls.Select(c => c.LatencyMs).Order().ToList(), 95),
            });
        }

        return points;
    }
}
