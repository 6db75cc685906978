namespace TrustVault.Core.Catalog.Search;

public sealed partial class CatalogSearchIndex
{
    /// <summary>A listing is compared on its most telling terms only, as Lucene's "more like this" does: the rest adds time, not order.</summary>
    private const int MaxRelatedTerms = 25;

    /// <summary>Sharing a category counts as much as this much more cosine: listings of one category are what a visitor compares.</summary>
    private const double SameCategoryBonus = 0.1;

    private VectorLengthsAt? vectorLengths;

    /// <summary>A class, so that readers swap it whole.</summary>
    private sealed record VectorLengthsAt(int Version, Dictionary<Guid, double> Lengths);

    /// <summary>
    /// The <paramref name="count"/> published listings most like <paramref name="listingId"/>, never itself: cosine
    /// similarity of their term vectors (each field-weighted term frequency times its inverse document frequency),
    /// a shared category adding <see cref="SameCategoryBonus"/>. Empty when the listing is not published.
    /// </summary>
    public IReadOnlyList<CatalogDocument> Related(Guid listingId, int count)
    {
        gate.EnterReadLock();
        try
        {
            if (count < 1 || !entries.TryGetValue(listingId, out var source))
            {
                return [];
            }

            var lengths = VectorLengths();
            var telling = source.TermWeights
                .Select(t => (t.Key, Weight: t.Value * Idf(postings[t.Key].Count)))
                .OrderByDescending(t => t.Weight).ThenBy(t => t.Key, StringComparer.Ordinal)
                .Take(MaxRelatedTerms);
            var dots = new Dictionary<Guid, double>();
            foreach (var (term, weight) in telling)
            {
                var idf = Idf(postings[term].Count);
                foreach (var (otherId, frequency) in postings[term])
                {
                    if (otherId != listingId)
                    {
                        dots[otherId] = dots.GetValueOrDefault(otherId) + (weight * frequency * idf);
                    }
                }
            }

            return dots
                .Select(d => (Entry: entries[d.Key], Similarity: (d.Value / (lengths[listingId] * lengths[d.Key]))
                    + (entries[d.Key].Document.Category == source.Document.Category ? SameCategoryBonus : 0)))
                .OrderByDescending(r => r.Similarity).ThenByDescending(r => r.Entry.Document.Popularity).ThenBy(r => r.Entry.Document.Name, StringComparer.Ordinal)
                .Take(count)
                .Select(r => r.Entry.Document)
                .ToList();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Each listing's term vector length, recomputed after the index changed. Readers share the lock, so two may compute
    /// it at once; both get the same answer and either may keep it.
    /// </summary>
    private Dictionary<Guid, double> VectorLengths()
    {
        if (vectorLengths is { } known && known.Version == version)
        {
            return known.Lengths;
        }

        var lengths = entries.ToDictionary(
            e => e.Key,
            e => Math.Sqrt(e.Value.TermWeights.Sum(t => Math.Pow(t.Value * Idf(postings[t.Key].Count), 2))));
        vectorLengths = new VectorLengthsAt(version, lengths);
        return lengths;
    }
}
