using MathNet.Numerics.Distributions;
using TrustVault.Core.Analytics.Anomalies;

namespace TrustVault.Core.Catalog.Anomalies;

/// <summary>A point of one metric that the detector flagged.</summary>
public sealed record FlaggedPoint(ListingTrafficPoint Point, ListingMetric Metric, double Value, double Expected, double Score);

/// <summary>
/// Judges new traffic points with the causal <see cref="StreamingAnomalyScorer"/> (docs/decisions/0024): each point is
/// scored from the judged points before it only, so a point's verdict does not change when later points arrive, and each
/// point is judged once, when it is new. Only rises are alerts (fewer errors or faster calls are good news), and only rises
/// large enough to matter: the scorer compares a point with the series' own recent noise, and a listing that has answered
/// almost no errors for a day would otherwise be paged for two failed calls. An error rate over a few dozen calls is
/// coarse besides (one call of 25 is 4 points), so a rate's rise must also be unlikely as chance: fewer than one in
/// <see cref="ChanceOdds"/> of such intervals would show that many errors if calls failed at the expected rate (binomial tail).
/// </summary>
public static class ListingAnomalyDetector
{
    public const double Threshold = StreamingAnomalyScorer.DefaultThreshold;

    /// <summary>Judged points a new point is scored against at most: a week of 5-minute intervals, the scorer's own memory.</summary>
    public const int History = 2016;

    /// <summary>The smallest rise of an error rate that alerts: ten percentage points over what was expected.</summary>
    public const double MinimumRateRise = 0.1;

    /// <summary>How unlikely by chance a rate's rise must be: a false alarm about once a month of 5-minute intervals per metric.</summary>
    public const double ChanceOdds = 10_000;

    /// <summary>The failure rate a rise is tested against when less was expected: a listing with no errors yet is not paged for one.</summary>
    private const double MinimumExpectedRate = 0.01;

    /// <summary>The smallest rise of p95 latency that alerts: half as slow again as expected.</summary>
    public const double MinimumLatencyFactor = 1.5;

    /// <param name="history">Earlier points, oldest first (unjudged ones are skipped).</param>
    /// <param name="newPoints">Points not judged yet, oldest first, all after <paramref name="history"/>.</param>
    public static IReadOnlyList<FlaggedPoint> Judge(IReadOnlyList<ListingTrafficPoint> history, IReadOnlyList<ListingTrafficPoint> newPoints)
    {
        var earlier = history.Where(p => p.IsJudged).TakeLast(History).ToList();
        var series = earlier.Concat(newPoints.Where(p => p.IsJudged)).ToList();
        var flagged = new List<FlaggedPoint>();
        if (series.Count == earlier.Count)
        {
            return flagged;
        }

        foreach (var metric in ListingMetrics.All)
        {
            var values = series.Select(p => p.Value(metric)).ToArray();
            var (analysis, _) = StreamingAnomalyScorer.Analyse(values, null, Threshold);
            foreach (var t in analysis.Flagged.Where(t => t >= earlier.Count && IsAlarmingRise(metric, series[t], values[t], analysis.Expected[t])))
            {
                flagged.Add(new FlaggedPoint(series[t], metric, values[t], analysis.Expected[t], analysis.Scores[t]));
            }
        }

        return flagged;
    }

    private static bool IsAlarmingRise(ListingMetric metric, ListingTrafficPoint point, double value, double expected)
    {
        if (metric == ListingMetric.LatencyP95)
        {
            return value >= Math.Max(expected, 1) * MinimumLatencyFactor;
        }

        var errors = (int)Math.Round(value * point.Calls);
        var chance = 1 - Binomial.CDF(Math.Clamp(expected, MinimumExpectedRate, 1), point.Calls, errors - 1);
        return value - expected >= MinimumRateRise && chance < 1 / ChanceOdds;
    }
}
