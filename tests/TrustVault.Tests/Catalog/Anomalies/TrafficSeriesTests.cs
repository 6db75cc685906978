using TrustVault.Core.Catalog.Anomalies;

namespace TrustVault.Tests.Catalog.Anomalies;

public sealed class TrafficSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Listing = Guid.NewGuid();

    [Fact]
    public void Every_interval_of_the_span_gets_a_point_with_its_calls_errors_and_p95_latency()
    {
        var samples = Enumerable.Range(1, 20).Select(i => new TrafficSample(Start.AddSeconds(i), i <= 2 ? 503 : i <= 5 ? 404 : 200, i * 10))
            .Append(new TrafficSample(Start.AddMinutes(12), 200, 7));

        var points = TrafficSeries.Build(Listing, samples, Start, Start.AddMinutes(15));

        Assert.Equal([Start, Start.AddMinutes(5), Start.AddMinutes(10)], points.Select(p => p.Start));
        var first = points[0];
        Assert.Equal((20, 2, 3, 190), (first.Calls, first.ServerErrors, first.ClientErrors, first.P95LatencyMs));
        Assert.Equal(0.1, first.Value(ListingMetric.ServerErrorRate), 10);
        Assert.Equal(0.15, first.Value(ListingMetric.ClientErrorRate), 10);
        Assert.Equal(190, first.Value(ListingMetric.LatencyP95));
        Assert.True(first.IsJudged);
        Assert.Equal((0, (int?)null, false), (points[1].Calls, points[1].P95LatencyMs, points[1].IsJudged));
        Assert.Equal((1, (int?)7, false), (points[2].Calls, points[2].P95LatencyMs, points[2].IsJudged));
    }

    [Fact]
    public void Calls_outside_the_span_are_left_for_the_run_they_belong_to()
    {
        var samples = new[] { new TrafficSample(Start.AddTicks(-1), 500, 1), new TrafficSample(Start.AddMinutes(5), 500, 1), new TrafficSample(Start, 200, 1) };

        var point = Assert.Single(TrafficSeries.Build(Listing, samples, Start, Start.AddMinutes(5)));

        Assert.Equal((1, 0), (point.Calls, point.ServerErrors));
    }

    [Fact]
    public void Intervals_are_five_minutes_from_midnight_UTC_whatever_the_offset()
    {
        Assert.Equal(Start.AddMinutes(5), TrafficSeries.Floor(new DateTimeOffset(2026, 11, 1, 11, 9, 59, TimeSpan.FromHours(2))));
        Assert.Throws<ArgumentException>(() => TrafficSeries.Build(Listing, [], Start.AddMinutes(1), Start.AddMinutes(10)));
    }
}
