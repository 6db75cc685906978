namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// Modified z-score M = 0.6745·(x − median)/MAD (<see cref="RobustStatistics.ScaleOfSorted"/>) with the cut-off |M| &gt; 3.5 (Iglewicz and Hoaglin,
/// "How to Detect and Handle Outliers", 1993): unlike the mean and standard deviation, neither the
/// median nor the MAD is moved by the outliers being looked for. With a period the score is taken on
/// the residuals of <see cref="SeasonalDecomposition"/>, so a busy hour is compared with busy hours.
/// </summary>
internal static class RobustZScore
{
    public static PointAnalysis Analyse(double[] values, int period, double threshold)
    {
        var decomposition = SeasonalDecomposition.Fit(values, period);
        var residual = decomposition.Residual;
        var sorted = residual.Order().ToArray();
        var center = RobustStatistics.MedianOfSorted(sorted);
        var sigma = RobustStatistics.ScaleOfSorted(sorted, center);
        var n = values.Length;
        var scores = new double[n];
        var expected = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        var halfWidth = threshold * sigma;
        for (var i = 0; i < n; i++)
        {
            var deviation = residual[i] - center;
            scores[i] = sigma == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : Math.Abs(deviation) / sigma;
            expected[i] = decomposition.Fitted(i) + center;
            lower[i] = expected[i] - halfWidth;
            upper[i] = expected[i] + halfWidth;
        }

        var flagged = Enumerable.Range(0, n).Where(i => scores[i] > threshold).ToArray();
        return new PointAnalysis(scores, expected, lower, upper, flagged);
    }
}
