namespace TrustVault.Core.Catalog.Anomalies;

/// <summary>What is watched of a listing's traffic, per interval.</summary>
public enum ListingMetric
{
    /// <summary>The share of calls the upstream answered 5xx: its own failures.</summary>
    ServerErrorRate,

    /// <summary>The share of calls answered 4xx by the upstream: a broken release often shows here first (400s, 404s).</summary>
    ClientErrorRate,

    /// <summary>The 95th percentile of call latency, in milliseconds.</summary>
    LatencyP95,
}

public static class ListingMetrics
{
    public static IReadOnlyList<ListingMetric> All { get; } = Enum.GetValues<ListingMetric>();

    /// <summary>How the metric is named to people.</summary>
    public static string Label(this ListingMetric metric) => metric switch
    {
        ListingMetric.ServerErrorRate => "5xx error rate",
        ListingMetric.ClientErrorRate => "4xx error rate",
        _ => "p95 latency",
    };

    /// <summary>A value of the metric as shown: rates in percent, latency in milliseconds.</summary>
    public static string Format(this ListingMetric metric, double value) => metric == ListingMetric.LatencyP95
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value:0} ms")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value * 100:0.#}%");
}
