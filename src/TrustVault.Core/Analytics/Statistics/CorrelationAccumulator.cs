namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// Pearson correlations of every pair of columns over the rows where both have a value, in one pass and
/// fixed space: per pair the count, means and co-moments, updated as in Welford (1962) extended to two
/// variables (Pébay, "Formulas for robust, one-pass parallel computation of covariances and arbitrary-order
/// statistical moments", Sandia 2008). A column found not to be numeric is dropped and costs nothing after.
/// </summary>
internal sealed class CorrelationAccumulator
{
    private readonly int columns;
    private readonly PairMoments[] pairs;
    private readonly int[] active;
    private readonly int[] present;
    private int activeCount;

    public CorrelationAccumulator(int columns)
    {
        this.columns = columns;
        pairs = new PairMoments[columns * (columns - 1) / 2];
        active = [.. Enumerable.Range(0, columns)];
        present = new int[columns];
        activeCount = columns;
    }

    public void Drop(int column)
    {
        var at = Array.IndexOf(active, column, 0, activeCount);
        if (at < 0)
        {
            return;
        }

        Array.Copy(active, at + 1, active, at, activeCount - at - 1);
        activeCount--;
    }

    /// <summary>Adds one row; NaN marks a column without a value in it.</summary>
    public void Add(ReadOnlySpan<double> row)
    {
        var count = 0;
        for (var i = 0; i < activeCount; i++)
        {
            if (!double.IsNaN(row[active[i]]))
            {
                present[count++] = active[i];
            }
        }

        for (var i = 0; i < count; i++)
        {
            var a = present[i];
            var x = row[a];
            var offset = PairIndex(a, a + 1);
            for (var j = i + 1; j < count; j++)
            {
                var b = present[j];
                pairs[offset + b - a - 1].Add(x, row[b]);
            }
        }
    }

    /// <summary>Pearson's r of columns a and b; NaN with fewer than two shared rows or when either side is constant, as <see cref="Descriptive.Pearson"/>.</summary>
    public double Correlation(int a, int b)
    {
        if (a == b)
        {
            throw new ArgumentException("A column's correlation with itself is not accumulated.", nameof(b));
        }

        var (low, high) = a < b ? (a, b) : (b, a);
        return pairs[PairIndex(low, high)].Correlation;
    }

    private int PairIndex(int a, int b) => (a * ((2 * columns) - a - 1) / 2) + (b - a - 1);

    private struct PairMoments
    {
        private long count;
        private double meanX;
        private double meanY;
        private double coMoment;
        private double squaredDeviationsX;
        private double squaredDeviationsY;

        public readonly double Correlation => count < 2 || squaredDeviationsX == 0 || squaredDeviationsY == 0
            ? double.NaN
            : coMoment / Math.Sqrt(squaredDeviationsX * squaredDeviationsY);

        public void Add(double x, double y)
        {
            count++;
            var dx = x - meanX;
            meanX += dx / count;
            var dy = y - meanY;
            meanY += dy / count;
            coMoment += dx * (y - meanY);
            squaredDeviationsX += dx * (x - meanX);
            squaredDeviationsY += dy * (y - meanY);
        }
    }
}
