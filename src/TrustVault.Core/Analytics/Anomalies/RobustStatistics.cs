namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>Median and median absolute deviation, the location and scale every detector here relies on.</summary>
internal static class RobustStatistics
{
    /// <summary>
    /// 0.6745 = Φ⁻¹(0.75): MAD/0.6745 estimates σ for normal data, so 0.6745·(x − median)/MAD is on the
    /// z scale (Iglewicz and Hoaglin, "How to Detect and Handle Outliers", 1993).
    /// </summary>
    public const double NormalConsistency = 0.6745;

    /// <summary>√(π/2): the mean absolute deviation times this estimates σ for normal data.</summary>
    private const double MeanDeviationConsistency = 1.2533141373155;

    /// <summary>
    /// σ̂ of values around their median: MAD/0.6745, or where more than half of them tie at the median (whole numbers,
    /// a flat stretch) and the MAD is 0, 1.2533 × their mean absolute deviation, as IBM's modified z-score does. Without
    /// it every value off the tie would score infinitely far out. 0 only when every value is the median.
    /// </summary>
    public static double ScaleOfSorted(ReadOnlySpan<double> sorted, double median) =>
        ScaleOfSorted(sorted, median, MedianAbsoluteDeviationOfSorted(sorted, median));

    /// <summary><see cref="ScaleOfSorted(ReadOnlySpan{double}, double)"/> for a caller that has the values' MAD already.</summary>
    public static double ScaleOfSorted(ReadOnlySpan<double> sorted, double median, double mad)
    {
        if (mad > 0)
        {
            return mad / NormalConsistency;
        }

        var sum = 0.0;
        foreach (var value in sorted)
        {
            sum += Math.Abs(value - median);
        }

        return sorted.Length == 0 ? 0 : MeanDeviationConsistency * sum / sorted.Length;
    }

    public static double Median(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return MedianOfSorted(copy);
    }

    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    public static double MedianAbsoluteDeviation(ReadOnlySpan<double> values, double median)
    {
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - median);
        }

        Array.Sort(deviations);
        return MedianOfSorted(deviations);
    }

    /// <summary>
    /// The MAD of a contiguous slice of sorted values, in O(log n): the k values closest to the median
    /// of a sorted slice are themselves contiguous, so the k-th smallest deviation is the wider edge of
    /// the tightest k-wide block.
    /// </summary>
    public static double MedianAbsoluteDeviationOfSorted(ReadOnlySpan<double> sorted, double median)
    {
        var n = sorted.Length;
        var k = (n + 1) / 2;
        var kth = KthSmallestDeviation(sorted, median, k);
        return n % 2 == 1 ? kth : (kth + KthSmallestDeviation(sorted, median, k + 1)) / 2;
    }

    private static double KthSmallestDeviation(ReadOnlySpan<double> sorted, double center, int k)
    {
        int left = 0, right = sorted.Length - k;
        while (left < right)
        {
            var middle = (left + right) / 2;
            if (center - sorted[middle] > sorted[middle + k] - center)
            {
                left = middle + 1;
            }
            else
            {
                right = middle;
            }
        }

        return Math.Max(center - sorted[left], sorted[left + k - 1] - center);
    }
}
