using TrustVault.Core.Catalog.Anomalies;

namespace TrustVault.Tests.Catalog.Anomalies;

public sealed class ListingAnomalyDetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_spike_after_a_steady_run_is_flagged_once_in_its_own_interval()
    {
        var points = Steady(300).Append(Point(300, calls: 100, serverErrors: 40, clientErrors: 5, p95: 2_000)).Concat(Steady(60, from: 301)).ToList();

        var flags = JudgeHourByHour(points);

        Assert.All(flags, f => Assert.Equal(points[300].Start, f.Point.Start));
        Assert.Equal([ListingMetric.ServerErrorRate, ListingMetric.LatencyP95], flags.Select(f => f.Metric).Order());
        var errors = flags.Single(f => f.Metric == ListingMetric.ServerErrorRate);
        Assert.Equal(0.4, errors.Value, 10);
        Assert.True(errors.Score >= ListingAnomalyDetector.Threshold);
        Assert.True(errors.Expected < 0.1);
    }

    [Fact]
    public void Steady_traffic_is_never_flagged()
    {
        Assert.Empty(JudgeHourByHour(Steady(700).ToList()));
    }

    [Fact]
    public void A_spike_in_intervals_with_too_few_calls_is_never_flagged()
    {
        var quiet = TrafficSeries.MinimumCalls - 1;
        var points = Enumerable.Range(0, 300).Select(i => Point(i, quiet, serverErrors: 0, clientErrors: 0, p95: 200))
            .Append(Point(300, quiet, serverErrors: quiet, clientErrors: 0, p95: 5_000)).ToList();

        Assert.Empty(JudgeHourByHour(points));
    }

    [Fact]
    public void A_point_gets_the_same_verdict_whether_judged_alone_or_with_the_points_after_it()
    {
        var points = Steady(300).Append(Point(300, calls: 100, serverErrors: 40, clientErrors: 5, p95: 2_000)).Concat(Steady(30, from: 301)).ToList();

        var atOnce = ListingAnomalyDetector.Judge(points[..200], points[200..]);

        Assert.Equal(JudgeHourByHour(points).Select(f => (f.Point.Start, f.Metric, f.Score)), atOnce.Select(f => (f.Point.Start, f.Metric, f.Score)));
    }

    /// <summary>As the job does: each hour's twelve new points judged against all points before them.</summary>
    private static List<FlaggedPoint> JudgeHourByHour(IReadOnlyList<ListingTrafficPoint> points)
    {
        var flags = new List<FlaggedPoint>();
        for (var at = 0; at < points.Count; at += 12)
        {
            flags.AddRange(ListingAnomalyDetector.Judge(points.Take(at).ToList(), points.Skip(at).Take(12).ToList()));
        }

        return flags;
    }

    /// <summary>About 100 calls an interval, ~2% answered 5xx and ~5% 4xx, p95 around 200 ms, with seeded noise.</summary>
    private static IEnumerable<ListingTrafficPoint> Steady(int count, int from = 0)
    {
        var random = new Random(20 + from);
        for (var i = from; i < from + count; i++)
        {
            var calls = random.Next(80, 121);
            yield return Point(i, calls, Binomial(random, calls, 0.02), Binomial(random, calls, 0.05), 170 + random.Next(0, 61));
        }
    }

    private static int Binomial(Random random, int trials, double p) => Enumerable.Range(0, trials).Count(_ => random.NextDouble() < p);

    private static ListingTrafficPoint Point(int index, int calls, int serverErrors, int clientErrors, int p95) => new()
    {
        Start = Start + (TrafficSeries.Interval * index),
        Calls = calls,
        ServerErrors = serverErrors,
        ClientErrors = clientErrors,
        P95LatencyMs = p95,
    };
}
