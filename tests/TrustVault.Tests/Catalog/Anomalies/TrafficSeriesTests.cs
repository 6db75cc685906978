using TrustVault.Core.Catalog.Anomalies;
using TrustVault.Core.Metering;

namespace TrustVault.Tests.Catalog.Anomalies;

public sealed class TrafficSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Listing = Guid.NewGuid();

    [Fact]
    public void A_point_sums_its_calls_and_errors_and_takes_the_p95_of_their_latencies()
    {
        // 20 calls, given out of order: 10, 20, 30 twice, 50 to 190, 200 ms. The 19th of 20 took 190 ms.
        LatencyCount[] counts =
        [
            new(200, 1, 0, 0),
            new(30, 2, 1, 1),
            new(10, 1, 1, 0),
            new(20, 1, 0, 1),
            .. Enumerable.Range(5, 15).Select(i => new LatencyCount(i * 10, 1, 0, i == 5 ? 1 : 0)),
        ];

        var point = TrafficSeries.Point(Listing, Start, counts);

        Assert.Equal((Listing, Start), (point.ListingId, point.Start));
        Assert.Equal((20, 2, 3, 190), (point.Calls, point.ServerErrors, point.ClientErrors, point.P95LatencyMs));
        Assert.Equal(0.1, point.Value(ListingMetric.ServerErrorRate), 10);
        Assert.Equal(0.15, point.Value(ListingMetric.ClientErrorRate), 10);
        Assert.True(point.IsJudged);
    }

    [Fact]
    public void The_p95_from_counts_is_the_p95_of_every_calls_latency()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 200; trial++)
        {
            var latencies = Enumerable.Range(0, random.Next(1, 400)).Select(_ => random.Next(0, random.Next(1, 50) * 10)).ToList();
            var counts = latencies.GroupBy(l => l).Select(g => new LatencyCount(g.Key, g.Count(), 0, 0)).ToList();

            var point = TrafficSeries.Point(Listing, Start, counts);

            Assert.Equal(UsageService.Percentile([.. latencies.Order()], 95), point.P95LatencyMs);
        }
    }

    [Fact]
    public void An_interval_without_calls_gets_an_unjudged_point_without_latency()
    {
        var point = TrafficSeries.Point(Listing, Start.AddMinutes(5), []);

        Assert.Equal((0, 0, 0, (int?)null, false), (point.Calls, point.ServerErrors, point.ClientErrors, point.P95LatencyMs, point.IsJudged));
    }

    [Fact]
    public void Intervals_are_five_minutes_from_midnight_UTC_whatever_the_offset()
    {
        Assert.Equal(Start.AddMinutes(5), TrafficSeries.Floor(new DateTimeOffset(2026, 11, 1, 11, 9, 59, TimeSpan.FromHours(2))));
        Assert.Throws<ArgumentException>(() => TrafficSeries.Point(Listing, Start.AddMinutes(1), []));
    }
}
