using Bunit;
using MudBlazor;
using TrustVault.Core.Catalog.Anomalies;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Shared;

public sealed class TrafficChartDataTests : MudBunitContext
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_flagged_series_has_values_only_at_the_points_alerted_for_their_metric()
    {
        ListingTrafficPoint[] points =
        [
            new() { Start = Start, Calls = 40, ServerErrors = 2, ClientErrors = 4, P95LatencyMs = 120 },
            new() { Start = Start.AddMinutes(5), Calls = 40, ServerErrors = 30, ClientErrors = 0, P95LatencyMs = 3_000 },
            new() { Start = Start.AddMinutes(10) },
        ];
        var alert = new ListingAlertView(Guid.NewGuid(), Guid.NewGuid(), "Tides", ListingMetric.ServerErrorRate, Start.AddMinutes(5), 0.75, 0.05, 9, 1.4, Start, null);

        var data = TrafficChartData.From(new ListingTraffic(points, [alert]));

        Assert.Equal(["08:00", "", ""], data.Labels);
        Assert.Equal(1, data.FlaggedPoints);
        Assert.Equal([5, 75, null], Values(data.Rates[0]));
        Assert.Equal([null, 75, null], Values(data.Rates[2]));
        Assert.Equal([120, 3_000, null], Values(data.Latency[0]));
        Assert.Equal([null, null, null], Values(data.Latency[1]));
    }

    [Fact]
    public void A_screen_reader_hears_each_chart_as_one_image_named_with_its_worst_value()
    {
        ListingTrafficPoint[] points =
        [
            new() { Start = Start, Calls = 40, ServerErrors = 2, ClientErrors = 4, P95LatencyMs = 120 },
            new() { Start = Start.AddMinutes(5), Calls = 40, ServerErrors = 30, ClientErrors = 0, P95LatencyMs = 3_000 },
        ];

        var chart = Render<TrafficChart>(parameters => parameters.Add(c => c.Traffic, new ListingTraffic(points, [])));

        Assert.Equal(
            ["Error rate in the last day, every five minutes: at most 75% 5xx and 10% 4xx", "p95 latency in the last day, every five minutes: at most 3,000 ms"],
            chart.FindAll("[role=img]").Select(figure => figure.GetAttribute("aria-label")));
        Assert.All(chart.FindAll("[role=img]"), figure => Assert.NotNull(figure.QuerySelector("svg")));
    }

    private static double?[] Values(ChartSeries<double> series) =>
        [.. Enumerable.Range(0, series.Data.Count).Select(i => series.Data[i] is { HasValue: true } point ? point.Y : (double?)null)];
}
