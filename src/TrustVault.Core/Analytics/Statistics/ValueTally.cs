using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// A column's distinct count and most frequent values: exact while it has at most <c>exactLimit</c> distinct
/// values, then a HyperLogLog for the distinct count and Space-Saving for the frequent values, both seeded
/// from the exact counts so nothing seen before the switch is lost. Space-Saving starts from the k largest
/// exact counts, which keeps its invariant (a value without a counter occurred at most as often as the
/// smallest counter) and so its bounds.
/// </summary>
internal sealed class ValueTally
{
    private readonly int exactLimit;
    private readonly int counters;
    private Dictionary<string, long>? exact;
    private Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private HyperLogLog? distinct;
    private SpaceSaving? frequent;

    public ValueTally(int exactLimit, int counters)
    {
        this.exactLimit = exactLimit;
        this.counters = counters;
        exact = new Dictionary<string, long>(StringComparer.Ordinal);
        lookup = exact.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool IsExact => exact is not null;

    /// <summary>The distinct count; a sketched one is never below the exact count it started from, which is certain.</summary>
    public long Distinct => exact?.Count ?? Math.Max(exactLimit + 1, (long)Math.Round(distinct!.Estimate()));

    /// <summary>The exact count of every distinct value seen; null once they are sketched.</summary>
    public IReadOnlyDictionary<string, long>? ExactCounts => exact;

    /// <summary>Counts a value; when this value makes the tally switch to sketches, returns the exact counts it gave up.</summary>
    public IReadOnlyDictionary<string, long>? Add(ReadOnlySpan<char> value)
    {
        Dictionary<string, long>? abandoned = null;
        if (exact is not null)
        {
            if (exact.Count < exactLimit)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(lookup, value, out _)++;
                return null;
            }

            ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(lookup, value);
            if (!Unsafe.IsNullRef(ref count))
            {
                count++;
                return null;
            }

            abandoned = exact;
            SwitchToSketches();
        }

        var hash = ValueHash.Of(value);
        distinct!.Add(hash);
        frequent!.Add(value, hash);
        return abandoned;
    }

    public IReadOnlyList<ValueCount> Top(int count) => exact is null
        ? frequent!.Top(count)
        : exact.Select(e => new ValueCount(e.Key, e.Value))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
            .Take(count)
            .ToList();

    private void SwitchToSketches()
    {
        distinct = new HyperLogLog();
        frequent = new SpaceSaving(counters);
        foreach (var value in exact!.Keys)
        {
            distinct.Add(ValueHash.Of(value));
        }

        foreach (var (value, count) in exact.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).Take(counters))
        {
            frequent.Add(value, ValueHash.Of(value), count);
        }

        exact = null;
        lookup = default;
    }
}
