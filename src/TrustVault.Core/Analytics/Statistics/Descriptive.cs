namespace TrustVault.Core.Analytics.Statistics;

/// <summary>Descriptive statistics on plain arrays.</summary>
public static class Descriptive
{
    /// <summary>
    /// Quantile of sorted values by linear interpolation between closest ranks: Hyndman and Fan's
    /// type 7 ("Sample quantiles in statistical packages", 1996), the default of R and NumPy.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var h = (sorted.Count - 1) * p;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return Interpolate(sorted[low], sorted[high], h - low);
    }

    /// <summary>
    /// The point <paramref name="fraction"/> of the way from <paramref name="low"/> to <paramref name="high"/>; finite
    /// for finite ends, also when their difference is not (−1e308 to 1e308), by weighting the ends instead.
    /// </summary>
    public static double Interpolate(double low, double high, double fraction)
    {
        var gap = high - low;
        return double.IsFinite(gap) ? low + (fraction * gap) : ((1 - fraction) * low) + (fraction * high);
    }

    /// <summary>Sample standard deviation (n − 1 in the denominator), by Welford's one-pass method.</summary>
    public static double StandardDeviation(IEnumerable<double> values)
    {
        long n = 0;
        double mean = 0, m2 = 0;
        foreach (var x in values)
        {
            n++;
            var delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        return n < 2 ? 0 : Math.Sqrt(m2 / (n - 1));
    }

    /// <summary>Pearson's correlation coefficient of paired values; NaN when either side is constant.</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException("Correlation needs two equally long series of at least two values.", nameof(y));
        }

        var meanX = x.Average();
        var meanY = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
