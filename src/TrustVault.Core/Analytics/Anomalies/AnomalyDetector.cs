namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// Entry point for the detectors. The three batch methods look at the whole series at once (a point's
/// score may depend on later points, and the season is detected from all of it);
/// <see cref="AnomalyMethod.Streaming"/> scores each point from earlier points only, its season included.
/// </summary>
public static class AnomalyDetector
{
    public static AnomalyReport Detect(IReadOnlyList<double> values, AnomalyOptions? options = null)
    {
        options ??= new AnomalyOptions();
        var (period, analysis) = Analyse(values, options);
        var anomalies = analysis.Flagged
            .Select(i => new Anomaly(i, values[i], analysis.Scores[i], analysis.Expected[i], analysis.Lower[i], analysis.Upper[i]))
            .ToArray();
        return new AnomalyReport(options.Method, period, anomalies, analysis.Scores);
    }

    /// <summary>Every point's score in the method's unit (robust z, ESD statistic R, spectral-residual O, or the streaming score).</summary>
    public static IReadOnlyList<double> Scores(IReadOnlyList<double> values, AnomalyOptions? options = null) =>
        Analyse(values, options ?? new AnomalyOptions()).Analysis.Scores;

    private static (int? Period, PointAnalysis Analysis) Analyse(IReadOnlyList<double> values, AnomalyOptions options)
    {
        var data = Validate(values, options);
        if (options.Method == AnomalyMethod.Streaming)
        {
            var (streaming, periods) = StreamingAnomalyScorer.Analyse(data, options.Period is { } known ? (known > 1 ? [known] : []) : null, options.StreamingThreshold);
            return (periods is [var first, ..] ? first : null, streaming);
        }

        var period = options.Period is { } given ? (given > 1 ? given : (int?)null) : SeasonalityDetector.Detect(data);
        var cycle = period ?? 0;
        var analysis = options.Method switch
        {
            AnomalyMethod.RobustZScore => RobustZScore.Analyse(data, cycle, options.ZThreshold),
            AnomalyMethod.SeasonalHybridEsd => SeasonalHybridEsd.Analyse(data, cycle, options.Alpha, options.MaxAnomalies),
            AnomalyMethod.SpectralResidual => SpectralResidual.Analyse(data, cycle, options.SpectralThreshold, options.ZThreshold),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown anomaly method."),
        };
        return (period, analysis with { Flagged = MostExtreme(analysis, MaxFlags(data.Length, options.MaxAnomalies)) });
    }

    /// <summary>The most points a batch method flags: S-H-ESD's k (Hochenbaum et al., Algorithm 2) and the others' cap.</summary>
    internal static int MaxFlags(int length, double maxAnomalies) => Math.Max(1, (int)Math.Floor(maxAnomalies * length));

    /// <summary>
    /// At most <paramref name="cap"/> flagged points, the highest scores first (earlier on ties), in index order:
    /// on heavy-tailed machine data a fixed z cut-off flags a tenth of the points, which is no alert anyone reads.
    /// </summary>
    private static int[] MostExtreme(PointAnalysis analysis, int cap) =>
        analysis.Flagged.Count <= cap
            ? [.. analysis.Flagged]
            : [.. analysis.Flagged.OrderByDescending(i => analysis.Scores[i]).ThenBy(i => i).Take(cap).Order()];

    private static double[] Validate(IReadOnlyList<double> values, AnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        if (values.Count < 8)
        {
            throw new ArgumentException("Give at least 8 values.", nameof(values));
        }

        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Values must be finite numbers (no NaN or infinity).", nameof(values));
        }

        if (options.Period is < 0 || options.Period > values.Count / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Period, "Period must be between 0 and half the number of values (at least two full cycles).");
        }

        if (!(options.ZThreshold > 0) || !(options.SpectralThreshold > 0) || !(options.StreamingThreshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Thresholds must be positive.");
        }

        if (!(options.Alpha is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Alpha, "Alpha must be between 0 and 1.");
        }

        if (!(options.MaxAnomalies is > 0 and <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxAnomalies, "MaxAnomalies is a share of the points, above 0 and at most 0.5.");
        }

        return [.. values];
    }
}
