namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// The robust decomposition S-H-ESD rests on (Hochenbaum, Vallis and Kejariwal, "Automatic Anomaly
/// Detection in the Cloud Via Statistical Learning", 2017, §4.2): X = S + median(X) + R, the median
/// standing in for the trend because a trend estimate is itself pulled by anomalies and would create
/// spurious residuals. The seasonal component is the per-phase median of X − median(X), a robust
/// analogue of STL with a periodic seasonal window (the paper's choice); a period of 0 or 1 means no
/// seasonal component.
/// </summary>
internal sealed record SeasonalDecomposition(double Median, double[] Seasonal, double[] Residual)
{
    public double Fitted(int index) => Median + Seasonal[index];

    public static SeasonalDecomposition Fit(double[] values, int period)
    {
        var median = RobustStatistics.Median(values);
        var seasonal = new double[values.Length];
        if (period > 1)
        {
            var phaseMedians = Enumerable.Range(0, period)
                .Select(phase => RobustStatistics.Median(PhaseValues(values, period, phase)) - median)
                .ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                seasonal[i] = phaseMedians[i % period];
            }
        }

        var residual = values.Select((v, i) => v - median - seasonal[i]).ToArray();
        return new SeasonalDecomposition(median, seasonal, residual);
    }

    private static double[] PhaseValues(double[] values, int period, int phase)
    {
        var result = new double[((values.Length - phase - 1) / period) + 1];
        for (int i = phase, j = 0; i < values.Length; i += period, j++)
        {
            result[j] = values[i];
        }

        return result;
    }
}

/// <summary>Per-point results of one method; <see cref="Flagged"/> lists the anomalies' indices.</summary>
internal sealed record PointAnalysis(double[] Scores, double[] Expected, double[] Lower, double[] Upper, IReadOnlyList<int> Flagged);
