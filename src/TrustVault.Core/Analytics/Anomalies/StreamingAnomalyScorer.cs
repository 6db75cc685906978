namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// A causal scorer for streams (each point is scored from earlier points only, as the Numenta Anomaly
/// Benchmark requires). It keeps S-H-ESD's model, seasonal reference plus medians instead of means, in
/// a streaming form: the reference for a point is the median of the values one, two and three periods
/// earlier (the preceding 30 values when there is no period), and the residual's deviation from the
/// median of the last 2,000 residuals, over their MAD, is a robust z (Iglewicz and Hoaglin). With several
/// periods (daily and weekly) a point keeps the smallest of its per-period z: a Saturday that looks like
/// last Saturday is not anomalous just because Friday was different. The score is that z divided by the
/// 99th percentile of the last 2,000 such z, so it reads "times more extreme than 99% of recent
/// history" whatever the series' scale or noise shape, and one threshold serves every series. The
/// window statistics are refreshed every 50 points and need 50 points behind them; until then points score 0.
/// </summary>
public static class StreamingAnomalyScorer
{
    private const int Cycles = 3;
    private const int NonSeasonalReference = 30;
    private const int History = 2000;
    private const int Refresh = 50;
    private const double TailQuantile = 0.99;
    private const double MinimumScale = 1e-9;

    /// <param name="values">The stream, oldest first.</param>
    /// <param name="periods">Known seasonal periods (see <see cref="SeasonalityDetector.DetectAll"/>); empty for none.</param>
    public static double[] Scores(IReadOnlyList<double> values, IReadOnlyList<int> periods)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(periods);
        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Values must be finite numbers (no NaN or infinity).", nameof(values));
        }

        if (periods.Any(p => p < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(periods), "Periods must be at least 2.");
        }

        var lags = periods.Count == 0 ? [1] : periods.ToArray();
        var count = periods.Count == 0 ? NonSeasonalReference : Cycles;
        var perPeriod = lags.Select(lag => RobustZ(values, lag, count)).ToArray();
        var combined = Enumerable.Range(0, values.Count).Select(t => perPeriod.Min(z => z[t])).ToArray();
        return RelativeToRecentTail(combined, firstValid: ReadyAt(lags.Max()));
    }

    /// <summary>The first point with a reference and enough residuals behind it for a median and MAD.</summary>
    private static int ReadyAt(int lag) => ((lag + Refresh - 1) / Refresh * Refresh) + Refresh;

    /// <summary>
    /// Robust z of each residual (the value minus the median of the values lag, 2·lag, … count·lag
    /// steps back) against the median and MAD of the residuals before it; 0 until <see cref="ReadyAt"/>.
    /// </summary>
    private static double[] RobustZ(IReadOnlyList<double> values, int lag, int count)
    {
        var n = values.Count;
        var residual = new double[n];
        var earlier = new double[count];
        for (var t = lag; t < n; t++)
        {
            var available = Math.Min(count, t / lag);
            for (var k = 1; k <= available; k++)
            {
                earlier[k - 1] = values[t - (k * lag)];
            }

            residual[t] = values[t] - RobustStatistics.Median(earlier.AsSpan(0, available));
        }

        var z = new double[n];
        double center = 0, mad = 0;
        for (var t = ReadyAt(lag); t < n; t++)
        {
            if (t % Refresh == 0)
            {
                var recent = Recent(residual, lag, t);
                center = RobustStatistics.Median(recent);
                mad = RobustStatistics.MedianAbsoluteDeviation(recent, center);
            }

            // A constant stretch (MAD 0) gets a tiny scale rather than an undefined z.
            z[t] = RobustStatistics.NormalConsistency * Math.Abs(residual[t] - center) / Math.Max(mad, MinimumScale);
        }

        return z;
    }

    /// <summary>Each score divided by the 99th percentile of the scores before it; 0 while there are too few.</summary>
    private static double[] RelativeToRecentTail(double[] z, int firstValid)
    {
        var scores = new double[z.Length];
        double tail = 0;
        for (var t = firstValid + Refresh; t < z.Length; t++)
        {
            if (t % Refresh == 0)
            {
                var recent = Recent(z, firstValid, t).ToArray();
                Array.Sort(recent);
                tail = recent[(int)(TailQuantile * (recent.Length - 1))];
            }

            scores[t] = z[t] / Math.Max(tail, MinimumScale);
        }

        return scores;
    }

    /// <summary>Up to <see cref="History"/> values before <paramref name="now"/>, none before <paramref name="firstValid"/>.</summary>
    private static ReadOnlySpan<double> Recent(double[] series, int firstValid, int now)
    {
        var from = Math.Max(firstValid, now - History);
        return series.AsSpan(from, now - from);
    }
}
