using MathNet.Numerics.Distributions;

namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// Seasonal-hybrid ESD (Hochenbaum, Vallis and Kejariwal 2017, Algorithm 2): the residuals of
/// <see cref="SeasonalDecomposition"/> go through the generalized ESD test (Rosner, "Percentage Points
/// for a Generalized ESD Many-Outlier Procedure", Technometrics 25(2), 1983) with the median and MAD in
/// place of the mean and standard deviation, the "hybrid" that keeps a cluster of anomalies from
/// masking itself. For i = 1..k the point farthest from the median, R_i = max|r − median|/σ̂ with
/// σ̂ = MAD/0.6745 (<see cref="RobustStatistics.ScaleOfSorted"/>), is removed and compared with λ_i = (n − i)·t_{p, n−i−1} / √((n − i − 1 + t²)(n − i + 1)),
/// p = 1 − α/(2(n − i + 1)); the anomalies are the first r removed, r the largest i with R_i &gt; λ_i.
/// The farthest point is always the smallest or largest remaining one, so the remaining residuals stay
/// a contiguous slice of the sorted residuals and each step costs O(log n) instead of a new median.
/// </summary>
internal static class SeasonalHybridEsd
{
    public static PointAnalysis Analyse(double[] values, int period, double alpha, double maxAnomalies)
    {
        var decomposition = SeasonalDecomposition.Fit(values, period);
        var residual = decomposition.Residual;
        var n = residual.Length;
        var order = Enumerable.Range(0, n).OrderBy(i => residual[i]).ToArray();
        var sorted = order.Select(i => residual[i]).ToArray();

        var maxSteps = AnomalyDetector.MaxFlags(n, maxAnomalies);
        int low = 0, high = n - 1;
        var removed = new List<int>(maxSteps);
        var criticalValues = new List<double>(maxSteps);
        var fromLow = new List<bool>(maxSteps);
        var anomalies = 0;
        for (var step = 1; step <= maxSteps && high - low >= 2; step++)
        {
            var slice = sorted.AsSpan(low, high - low + 1);
            var median = RobustStatistics.MedianOfSorted(slice);
            var mad = RobustStatistics.MedianAbsoluteDeviationOfSorted(slice, median);
            var scale = RobustStatistics.ScaleOfSorted(slice, median, mad);
            var takeLow = median - sorted[low] > sorted[high] - median;
            var farthest = takeLow ? sorted[low] : sorted[high];
            var statistic = scale == 0 ? (farthest == median ? 0 : double.PositiveInfinity) : Math.Abs(farthest - median) / scale;
            removed.Add(takeLow ? order[low++] : order[high--]);
            fromLow.Add(takeLow);

            var criticalValue = CriticalValue(n, step, alpha);
            criticalValues.Add(criticalValue);
            if (statistic > criticalValue)
            {
                anomalies = step;
            }

            // Most of what remains ties at its median (whole numbers, a flat stretch): each further removal is one tie
            // step away from it, which the test cannot tell from an outlier. Twitter's implementation stops here too.
            if (mad == 0)
            {
                break;
            }
        }

        // The band is the first test that failed: the inliers' median ± λ_{r+1}·σ̂ of the inliers.
        var removedLow = fromLow.Take(anomalies).Count(taken => taken);
        var inliers = sorted.AsSpan(removedLow, n - anomalies);
        var center = RobustStatistics.MedianOfSorted(inliers);
        var sigma = RobustStatistics.ScaleOfSorted(inliers, center);
        var fullMedian = RobustStatistics.MedianOfSorted(sorted);
        var fullSigma = RobustStatistics.ScaleOfSorted(sorted, fullMedian);
        var halfWidth = criticalValues.Count == 0 ? 0 : criticalValues[Math.Min(anomalies, criticalValues.Count - 1)] * sigma;

        var scores = new double[n];
        var expected = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        for (var i = 0; i < n; i++)
        {
            var deviation = Math.Abs(residual[i] - fullMedian);
            scores[i] = fullSigma == 0 ? (deviation == 0 ? 0 : double.PositiveInfinity) : deviation / fullSigma;
            expected[i] = decomposition.Fitted(i) + center;
            lower[i] = expected[i] - halfWidth;
            upper[i] = expected[i] + halfWidth;
        }

        var flagged = removed.Take(anomalies).Order().ToArray();
        return new PointAnalysis(scores, expected, lower, upper, flagged);
    }

    /// <summary>Rosner's λ_i for the i-th removal out of n points at significance α.</summary>
    public static double CriticalValue(int n, int step, double alpha)
    {
        var remaining = n - step;
        var p = 1 - (alpha / (2.0 * (remaining + 1)));
        var t = StudentT.InvCDF(0, 1, remaining - 1, p);
        return remaining * t / Math.Sqrt((remaining - 1 + (t * t)) * (remaining + 1));
    }
}
