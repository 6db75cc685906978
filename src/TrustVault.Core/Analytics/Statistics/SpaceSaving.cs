using System.Numerics;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// Frequent values of a stream in fixed space: Space-Saving (Metwally, Agrawal, El Abbadi, "Efficient
/// computation of frequent and top-k elements in data streams", ICDT 2005). k counters; a value without one
/// takes over the smallest counter and inherits its count as its possible overcount. Their theorems give:
/// every estimate is at least the true count and exceeds it by at most its recorded overcount, which is at
/// most the smallest counter ≤ n/k; any value occurring more than n/k times holds a counter. Counters keep
/// their text in reused buffers and sit in a min-heap and an open-addressing table on the value hash, so an
/// update allocates nothing and costs O(log k).
/// </summary>
public sealed class SpaceSaving
{
    private readonly char[][] keys;
    private readonly int[] keyLengths;
    private readonly ulong[] hashes;
    private readonly long[] counts;
    private readonly long[] overcounts;
    private readonly int[] heap;
    private readonly int[] heapPositions;
    private readonly int[] table;
    private readonly int tableMask;
    private int used;

    public SpaceSaving(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        keys = new char[capacity][];
        keyLengths = new int[capacity];
        hashes = new ulong[capacity];
        counts = new long[capacity];
        overcounts = new long[capacity];
        heap = new int[capacity];
        heapPositions = new int[capacity];
        table = new int[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 4)];
        tableMask = table.Length - 1;
    }

    public int Capacity => keys.Length;

    /// <summary>The smallest counter once all are taken (else 0): no estimate is over by more, and no value without a counter occurred more often.</summary>
    public long MinimumCount => used < keys.Length ? 0 : counts[heap[0]];

    /// <summary>Counts <paramref name="weight"/> occurrences of a value whose <see cref="ValueHash"/> is <paramref name="hash"/>.</summary>
    public void Add(ReadOnlySpan<char> value, ulong hash, long weight = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 1);
        var slot = Find(value, hash);
        if (slot < 0)
        {
            if (used < keys.Length)
            {
                slot = used++;
                heap[slot] = slot;
                heapPositions[slot] = slot;
                counts[slot] = 0;
                SiftUp(slot);
            }
            else
            {
                slot = heap[0];
                Remove(slot);
                overcounts[slot] = counts[slot];
            }

            Store(slot, value, hash);
        }

        counts[slot] += weight;
        SiftDown(heapPositions[slot]);
    }

    /// <summary>
    /// Up to <paramref name="count"/> values with the highest estimates, ties in ordinal order, among those
    /// certainly at least as frequent as any value without a counter (estimate − overcount ≥ <see cref="MinimumCount"/>):
    /// when no value stands out, as in a column of ids, the others' counters are mere churn and none is listed.
    /// </summary>
    public IReadOnlyList<ValueCount> Top(int count) => Enumerable.Range(0, used)
        .Where(s => counts[s] - overcounts[s] >= MinimumCount)
        .Select(s => new ValueCount(new string(keys[s], 0, keyLengths[s]), counts[s], overcounts[s]))
        .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
        .Take(count)
        .ToList();

    private int Find(ReadOnlySpan<char> value, ulong hash)
    {
        for (var i = (int)hash & tableMask; table[i] != 0; i = (i + 1) & tableMask)
        {
            var slot = table[i] - 1;
            if (hashes[slot] == hash && value.SequenceEqual(keys[slot].AsSpan(0, keyLengths[slot])))
            {
                return slot;
            }
        }

        return -1;
    }

    private void Store(int slot, ReadOnlySpan<char> value, ulong hash)
    {
        if (keys[slot] is null || keys[slot].Length < value.Length)
        {
            keys[slot] = new char[Math.Max(value.Length, 16)];
        }

        value.CopyTo(keys[slot]);
        keyLengths[slot] = value.Length;
        hashes[slot] = hash;
        var i = (int)hash & tableMask;
        while (table[i] != 0)
        {
            i = (i + 1) & tableMask;
        }

        table[i] = slot + 1;
    }

    /// <summary>Deletes a slot from the linear-probing table by backward shifting (Knuth, TAOCP vol. 3, 6.4, algorithm R), so no tombstones pile up.</summary>
    private void Remove(int slot)
    {
        var hole = (int)hashes[slot] & tableMask;
        while (table[hole] != slot + 1)
        {
            hole = (hole + 1) & tableMask;
        }

        for (var j = (hole + 1) & tableMask; table[j] != 0; j = (j + 1) & tableMask)
        {
            var home = (int)hashes[table[j] - 1] & tableMask;
            if (((j - home) & tableMask) >= ((j - hole) & tableMask))
            {
                table[hole] = table[j];
                hole = j;
            }
        }

        table[hole] = 0;
    }

    private void SiftUp(int position)
    {
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (counts[heap[parent]] <= counts[heap[position]])
            {
                return;
            }

            Swap(position, parent);
            position = parent;
        }
    }

    private void SiftDown(int position)
    {
        while (true)
        {
            var smallest = position;
            var left = (2 * position) + 1;
            if (left < used && counts[heap[left]] < counts[heap[smallest]])
            {
                smallest = left;
            }

            if (left + 1 < used && counts[heap[left + 1]] < counts[heap[smallest]])
            {
                smallest = left + 1;
            }

            if (smallest == position)
            {
                return;
            }

            Swap(position, smallest);
            position = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (heap[a], heap[b]) = (heap[b], heap[a]);
        heapPositions[heap[a]] = a;
        heapPositions[heap[b]] = b;
    }
}
