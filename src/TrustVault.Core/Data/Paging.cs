namespace TrustVault.Core.Data;

/// <summary>
/// The paging rule of every list: a page past the last is empty, however far past. The offset is worked out in 64 bits
/// and capped at <see cref="int.MaxValue"/> (the type Skip takes, and more rows than any list holds): in 32 bits a huge
/// page number wraps to a negative offset, which Skip reads as 0 and answers the first page.
/// </summary>
public static class Paging
{
    /// <param name="index">The page from 0; below 0 reads as 0.</param>
    public static IQueryable<T> Page<T>(this IQueryable<T> rows, int index, int size) => rows.Skip(Offset(index, size)).Take(size);

    /// <param name="index">The page from 0; below 0 reads as 0.</param>
    public static IEnumerable<T> Page<T>(this IEnumerable<T> rows, int index, int size) => rows.Skip(Offset(index, size)).Take(size);

    /// <summary>How many rows come before the page at <paramref name="index"/> (from 0), at most <see cref="int.MaxValue"/>.</summary>
    public static int Offset(int index, int size) => (int)Math.Min((long)Math.Max(0, index) * Math.Max(0, size), int.MaxValue);
}

/// <summary>One page of a list, and how many items the whole list holds.</summary>
public sealed record ItemPage<T>(IReadOnlyList<T> Items, int Total);
