namespace TrustVault.Core.Catalog.Anomalies;

/// <summary>The calls of one interval that took the same time: how many, and how many of them failed.</summary>
public readonly record struct LatencyCount(int LatencyMs, int Calls, int ServerErrors, int ClientErrors);

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
    /// The point of the interval starting at <paramref name="start"/> from its calls counted by latency (the database
    /// groups them, so a busy listing's interval is a few hundred rows rather than one per call). An interval without
    /// calls gets a point too, so that a later run knows it was seen.
    /// </summary>
    public static ListingTrafficPoint Point(Guid listingId, DateTimeOffset start, IReadOnlyCollection<LatencyCount> counts)
    {
        if (start != Floor(start))
        {
            throw new ArgumentException("A point starts on an interval bound.", nameof(start));
        }

        var calls = counts.Sum(c => c.Calls);
        return new ListingTrafficPoint
        {
            ListingId = listingId,
            Start = start,
            Calls = calls,
            ServerErrors = counts.Sum(c => c.ServerErrors),
            ClientErrors = counts.Sum(c => c.ClientErrors),
            P95LatencyMs = P95(counts, calls),
        };
    }

    /// <summary>
    /// The p95 as <see cref="Metering.UsageService.Percentile"/> takes it from every call's latency in order: the latency
    /// of the call at rank ⌈0.95·n⌉.
    /// </summary>
    private static int? P95(IReadOnlyCollection<LatencyCount> counts, int calls)
    {
        if (calls == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(95 / 100.0 * calls);
        var ordered = counts.OrderBy(c => c.LatencyMs).ToList();
        var seen = 0;
        var index = 0;
        while ((seen += ordered[index].Calls) < rank)
        {
            index++;
        }

        return ordered[index].LatencyMs;
    }
}
