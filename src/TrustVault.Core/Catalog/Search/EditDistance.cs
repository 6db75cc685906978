namespace TrustVault.Core.Catalog.Search;

/// <summary>
/// Damerau–Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions and swaps
/// of two neighbouring letters ("forcast" → "forecast" is one edit, "analitycs" → "analytics" two).
/// </summary>
public static class EditDistance
{
    /// <summary>The distance between <paramref name="a"/> and <paramref name="b"/>, or null when it exceeds <paramref name="max"/>.</summary>
    public static int? Within(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return null;
        }

        // Three rows of the dynamic programme: the one before last is what a swap reads.
        var beforeLast = new int[b.Length + 1];
        var last = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            last[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(last[j] + 1, current[j - 1] + 1), last[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforeLast[j - 2] + 1);
                }

                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            // Every later cell is at least the smallest of this row, less one for a swap it could still take back.
            if (rowMinimum > max + 1)
            {
                return null;
            }

            (beforeLast, last, current) = (last, current, beforeLast);
        }

        return last[b.Length] <= max ? last[b.Length] : null;
    }
}
