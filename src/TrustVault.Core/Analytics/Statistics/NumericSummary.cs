using System.Globalization;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// Min, max, mean and standard deviation of a numeric column in one pass, by Welford's update (1962),
/// stable for large n, on the values scaled by a power of two that keeps them within ±1: differences and
/// squares of values near 1e308 would overflow, and scaling by a power of two is exact, so ordinary values
/// get the same figures as unscaled. The mean and deviation are finite whenever a double holds them. Quantiles need the values themselves: while the column's <see cref="ValueTally"/>
/// counts every distinct value exactly they come exactly from those counts; once it gives them up they
/// are poured into a <see cref="KllSketch"/>, which takes every value after.
/// </summary>
internal sealed class NumericSummary(int sketchSize, Random random)
{
    private long count;

    /// <summary>
    /// The values seen are all below 2^scale in magnitude; the mean and squared deviations are of the values divided
    /// by it. It starts below the smallest double's exponent (2^−1074), so the first value other than 0 sets it.
    /// </summary>
    private int scale = -1075;
    private double mean;
    private double squaredDeviations;

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public double Mean => Math.ScaleB(mean, scale);

    /// <summary>Sample standard deviation, n − 1 in the denominator, as <see cref="Descriptive.StandardDeviation"/>.</summary>
    public double StandardDeviation => count < 2 ? 0 : Math.ScaleB(Math.Sqrt(squaredDeviations / (count - 1)), scale);

    /// <summary>The quantile sketch, once the exact counts were given up; null while quantiles are exact.</summary>
    public KllSketch? Sketch { get; private set; }

    public void Add(double value)
    {
        count++;
        if (value != 0 && Math.ILogB(value) >= scale)
        {
            var rescale = Math.ILogB(value) + 1;
            mean = Math.ScaleB(mean, scale - rescale);
            squaredDeviations = Math.ScaleB(squaredDeviations, 2 * (scale - rescale));
            scale = rescale;
        }

        var scaled = Math.ScaleB(value, -scale);
        var delta = scaled - mean;
        mean += delta / count;
        squaredDeviations += delta * (scaled - mean);
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        Sketch?.Add(value);
    }

    /// <summary>Starts the quantile sketch from the exact counts of the values seen so far.</summary>
    public void StartSketch(IReadOnlyDictionary<string, long> counts)
    {
        Sketch = new KllSketch(sketchSize, random);
        foreach (var (text, occurrences) in counts)
        {
            var value = Parse(text);
            for (long i = 0; i < occurrences; i++)
            {
                Sketch.Add(value);
            }
        }
    }

    /// <summary>Type 7 quantiles (<see cref="Descriptive.Quantile"/>) from exact value counts, without expanding them into a sorted array.</summary>
    public static IReadOnlyList<double> Quantiles(IReadOnlyDictionary<string, long> counts, IReadOnlyList<double> points)
    {
        var values = new double[counts.Count];
        var occurrences = new long[counts.Count];
        var i = 0;
        foreach (var (text, count) in counts)
        {
            values[i] = Parse(text);
            occurrences[i++] = count;
        }

        // Texts such as "1" and "1.0" are one number: after sorting, their counts simply run on.
        Array.Sort(values, occurrences);
        var cumulative = occurrences;
        for (i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] += cumulative[i - 1];
        }

        var n = cumulative[^1];
        return [.. points.Select(p =>
        {
            var h = (n - 1) * p;
            var low = (long)Math.Floor(h);
            return Descriptive.Interpolate(ValueAtRank(low), ValueAtRank(Math.Min(low + 1, n - 1)), h - low);
        })];

        double ValueAtRank(long rank)
        {
            var at = Array.BinarySearch(cumulative, rank + 1);
            return values[at < 0 ? ~at : at];
        }
    }

    private static double Parse(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
