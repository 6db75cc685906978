using MudBlazor;
using TrustVault.Core.Catalog.Anomalies;

namespace TrustVault.Web.Components.Shared;

/// <summary>
/// A listing's traffic points as chart series: error rates in percent and p95 latency, each with a "Flagged" series that
/// has a value only at the points an alert was raised for, so they stand out as markers on the line.
/// </summary>
public sealed record TrafficChartData(string[] Labels, List<ChartSeries<double>> Rates, List<ChartSeries<double>> Latency, int FlaggedPoints)
{
    /// <summary>One axis label every two hours; the others stay empty so that a day of 5-minute points stays readable.</summary>
    private const int LabelEvery = 24;

    public static TrafficChartData From(ListingTraffic traffic)
    {
        var points = traffic.Points;
        var flagged = traffic.Alerts.ToLookup(a => a.IntervalStart);
        double? ValueOf(ListingTrafficPoint point, ListingMetric metric, double scale) =>
            point.Calls == 0 ? null : point.Value(metric) * scale;
        double? FlaggedOf(ListingTrafficPoint point, Func<ListingMetric, bool> metrics, double scale) =>
            flagged[point.Start].Where(a => metrics(a.Metric)).Select(a => (double?)a.Value * scale).Max();

        var labels = points.Select((p, i) => i % LabelEvery == 0 ? DateFormat.AxisTime(p.Start) : "").ToArray();
        List<ChartSeries<double>> rates =
        [
            Series("5xx %", points.Select(p => ValueOf(p, ListingMetric.ServerErrorRate, 100))),
            Series("4xx %", points.Select(p => ValueOf(p, ListingMetric.ClientErrorRate, 100))),
            Series("Flagged", points.Select(p => FlaggedOf(p, m => m != ListingMetric.LatencyP95, 100))),
        ];
        List<ChartSeries<double>> latency =
        [
            Series("p95 ms", points.Select(p => ValueOf(p, ListingMetric.LatencyP95, 1))),
            Series("Flagged", points.Select(p => FlaggedOf(p, m => m == ListingMetric.LatencyP95, 1))),
        ];
        var flaggedPoints = points.Count(p => flagged[p.Start].Any());
        return new TrafficChartData(labels, rates, latency, flaggedPoints);
    }

    private static ChartSeries<double> Series(string name, IEnumerable<double?> values) =>
        new() { Name = name, Data = new ChartData<double>(values.ToList()) };
}
