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
    /// <summary>
    /// The default threshold of <see cref="AnomalyMethod.Streaming"/>: the median of the three thresholds
    /// that leave-one-file-out selection chose on the shared NAB files (bench/README.md, "NAB, leave one file out").
    /// </summary>
    public const double DefaultThreshold = 1.4;

    /// <summary>Periods are first looked for once this many points are in, then each time the count doubles.</summary>
    private const int FirstSeasonalityCheck = 256;

    private const int Cycles = 3;
    private const int NonSeasonalReference = 30;
    private const int History = 2000;
    private const int Refresh = 50;
    private const double TailQuantile = 0.99;
    private const double MinimumTail = 1e-9;

    /// <summary>A constant stretch's residual scale, relative to the recent values' size so that any unit scores alike.</summary>
    private const double MinimumRelativeScale = 1e-9;

    /// <param name="values">The stream, oldest first.</param>
    /// <param name="periods">Known seasonal periods (see <see cref="SeasonalityDetector.DetectAll"/>); empty for none.</param>
    public static double[] Scores(IReadOnlyList<double> values, IReadOnlyList<int> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Any(p => p < 2))
        {
            throw new ArgumentOutOfRangeException(nameof(periods), "Periods must be at least 2.");
        }

        return Analyse(Validate(values), periods, 1).Analysis.Scores;
    }

    /// <summary>
    /// Scores, expected values and bands for <see cref="AnomalyDetector"/>. <paramref name="periods"/> null means
    /// "find them causally": the points from 256 to 511 use the periods <see cref="SeasonalityDetector.DetectAll"/>
    /// finds in the first 256, the points from 512 to 1,023 those of the first 512, and so on; points before the first
    /// check, or with no period found, use the preceding 30 values as reference. So a point's score never depends on
    /// a later point, yet a long stream learns its weekly cycle at the first check after two weeks. A point is flagged when its score
    /// reaches <paramref name="threshold"/>; its band is the reference ± the residual spread that score allows.
    /// Also returns the periods the last point was scored with.
    /// </summary>
    internal static (PointAnalysis Analysis, IReadOnlyList<int> Periods) Analyse(double[] values, IReadOnlyList<int>? periods, double threshold)
    {
        var n = values.Length;
        var segments = Segments(values, periods);
        var streams = segments.SelectMany(s => s.Lags).Append(1).Distinct()
            .ToDictionary(lag => lag, lag => RobustZ(values, lag, lag == 1 ? NonSeasonalReference : Cycles));

        var combined = new double[n];
        var chosen = new Residuals[n];
        foreach (var (from, to, lags) in segments)
        {
            var candidates = lags.Count == 0 ? [streams[1]] : lags.Select(lag => streams[lag]).ToArray();
            for (var t = from; t < to; t++)
            {
                chosen[t] = candidates.MinBy(c => c.Z[t])!;
                combined[t] = chosen[t].Z[t];
            }
        }

        var tail = RecentTail(combined, firstValid: ReadyAt(segments.Where(s => s.From == 0).SelectMany(s => s.Lags).DefaultIfEmpty(1).Max()));
        var scores = new double[n];
        var expected = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        var flagged = new List<int>();
        for (var t = 0; t < n; t++)
        {
            var residuals = chosen[t];
            scores[t] = tail[t] > 0 ? combined[t] / tail[t] : 0;
            expected[t] = residuals.Expected[t];
            var halfWidth = threshold * tail[t] * residuals.Sigma[t];
            (lower[t], upper[t]) = (expected[t] - halfWidth, expected[t] + halfWidth);
            if (tail[t] > 0 && scores[t] >= threshold)
            {
                flagged.Add(t);
            }
        }

        return (new PointAnalysis(scores, expected, lower, upper, flagged), segments[^1].Lags);
    }

    private static double[] Validate(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Any(v => !double.IsFinite(v))
            ? throw new ArgumentException("Values must be finite numbers (no NaN or infinity).", nameof(values))
            : [.. values];
    }

    /// <summary>Stretches of the stream [From, To) and the periods each is scored with.</summary>
    private static (int From, int To, IReadOnlyList<int> Lags)[] Segments(double[] values, IReadOnlyList<int>? periods)
    {
        if (periods is not null)
        {
            return [(0, values.Length, periods)];
        }

        var bounds = Checkpoints(values.Length).Prepend(0).Append(values.Length).ToArray();
        return [.. bounds.Zip(bounds.Skip(1), (from, to) => (from, to, from == 0 ? [] : SeasonalityDetector.DetectAll(values[..from])))];
    }

    /// <summary>256, 512, 1,024, … below <paramref name="length"/>.</summary>
    private static List<int> Checkpoints(int length)
    {
        var checkpoints = new List<int>();
        for (var at = FirstSeasonalityCheck; at < length; at *= 2)
        {
            checkpoints.Add(at);
        }

        return checkpoints;
    }

    /// <summary>The first point with a reference and enough residuals behind it for a median and MAD.</summary>
    private static int ReadyAt(int lag) => ((lag + Refresh - 1) / Refresh * Refresh) + Refresh;

    /// <summary>One period's robust z of every point, the value it expected, and σ̂ = MAD/0.6745 of the residuals.</summary>
    private sealed record Residuals(double[] Z, double[] Expected, double[] Sigma);

    /// <summary>
    /// Robust z of each residual (the value minus the median of the values lag, 2·lag, … count·lag
    /// steps back) against the median and MAD of the residuals before it; 0 until <see cref="ReadyAt"/>.
    /// </summary>
    private static Residuals RobustZ(double[] values, int lag, int count)
    {
        var n = values.Length;
        var residual = new double[n];
        var reference = (double[])values.Clone();
        var earlier = new double[count];
        for (var t = lag; t < n; t++)
        {
            var available = Math.Min(count, t / lag);
            for (var k = 1; k <= available; k++)
            {
                earlier[k - 1] = values[t - (k * lag)];
            }

            reference[t] = RobustStatistics.Median(earlier.AsSpan(0, available));
            residual[t] = values[t] - reference[t];
        }

        var z = new double[n];
        var expected = reference;
        var sigma = new double[n];
        double center = 0, scale = 0;
        for (var t = ReadyAt(lag); t < n; t++)
        {
            if (t % Refresh == 0)
            {
                var recent = Recent(residual, lag, t);
                center = RobustStatistics.Median(recent);
                // A constant stretch (MAD 0) gets a tiny scale rather than an undefined z; a stream of zeros the smallest.
                scale = Math.Max(
                    RobustStatistics.MedianAbsoluteDeviation(recent, center),
                    Math.Max(MinimumRelativeScale * MedianMagnitude(Recent(values, lag, t)), double.Epsilon));
            }

            z[t] = RobustStatistics.NormalConsistency * Math.Abs(residual[t] - center) / scale;
            expected[t] += center;
            sigma[t] = scale / RobustStatistics.NormalConsistency;
        }

        return new Residuals(z, expected, sigma);
    }

    /// <summary>The 99th percentile of the scores before each point; 0 while there are too few.</summary>
    private static double[] RecentTail(double[] z, int firstValid)
    {
        var tails = new double[z.Length];
        double tail = 0;
        for (var t = firstValid + Refresh; t < z.Length; t++)
        {
            if (t % Refresh == 0)
            {
                var recent = Recent(z, firstValid, t).ToArray();
                Array.Sort(recent);
                tail = Math.Max(recent[(int)(TailQuantile * (recent.Length - 1))], MinimumTail);
            }

            tails[t] = tail;
        }

        return tails;
    }

    private static double MedianMagnitude(ReadOnlySpan<double> values)
    {
        var magnitudes = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            magnitudes[i] = Math.Abs(values[i]);
        }

        Array.Sort(magnitudes);
        return RobustStatistics.MedianOfSorted(magnitudes);
    }

    /// <summary>Up to <see cref="History"/> values before <paramref name="now"/>, none before <paramref name="firstValid"/>.</summary>
    private static ReadOnlySpan<double> Recent(double[] series, int firstValid, int now)
    {
        var from = Math.Max(firstValid, now - History);
        return series.AsSpan(from, now - from);
    }
}
