using TrustVault.Core.Data;

namespace TrustVault.Core.Catalog.Search;

/// <summary>
/// In-memory inverted index over the published listings, scored with BM25 (Robertson and
/// Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009) on a weighted
/// bag of fields. Kept current by <see cref="CatalogIndexer"/> whenever a listing changes.
/// </summary>
public sealed class CatalogSearchIndex : IDisposable
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>A query term shorter than this matches only whole terms, not prefixes.</summary>
    private const int MinPrefixLength = 3;

    /// <summary>A prefix match counts for less than the whole word.</summary>
    private const double PrefixMatchFactor = 0.6;

    private static readonly int[] RatingThresholds = [4, 3, 2, 1];

    private static readonly (Func<CatalogDocument, IEnumerable<string?>> Text, double Weight)[] Fields =
    [
        (d => [d.Name], 5.0),
        (d => d.Tags, 3.0),
        (d => [d.Summary], 2.0),
        (d => [d.Category, d.ProviderName], 1.5),
        (d => d.EndpointSummaries, 1.5),
        (d => [d.Description], 1.0),
    ];

    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<Guid, Entry> entries = [];
    private readonly Dictionary<string, Dictionary<Guid, double>> postings = new(StringComparer.Ordinal);
    private readonly SortedSet<string> terms = new(StringComparer.Ordinal);
    private double totalLength;

    private sealed record Entry(CatalogDocument Document, IReadOnlyDictionary<string, double> TermWeights, double Length);

    public int Count
    {
        get
        {
            gate.EnterReadLock();
            try
            {
                return entries.Count;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
    }

    /// <summary>Adds a listing, or replaces what the index held for it.</summary>
    public void Upsert(CatalogDocument document)
    {
        var entry = Analyze(document);
        gate.EnterWriteLock();
        try
        {
            RemoveLocked(document.ListingId);
            AddLocked(entry);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    public void Remove(Guid listingId)
    {
        gate.EnterWriteLock();
        try
        {
            RemoveLocked(listingId);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Replaces the whole index, e.g. at start.</summary>
    public void Rebuild(IEnumerable<CatalogDocument> documents)
    {
        var analyzed = documents.Select(Analyze).ToList();
        gate.EnterWriteLock();
        try
        {
            entries.Clear();
            postings.Clear();
            terms.Clear();
            totalLength = 0;
            analyzed.ForEach(AddLocked);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    public CatalogSearchResult Search(CatalogQuery query)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, CatalogQuery.MaxPageSize);
        var page = Math.Max(1, query.Page);
        gate.EnterReadLock();
        try
        {
            var matched = Match(query.Text);
            var facets = CountFacets(matched, query);
            var filtered = matched.Where(hit => Passes(hit.Document, query, Facet.None)).ToList();
            var hits = Sort(filtered, query.Sort).Page(page - 1, pageSize).ToList();
            return new CatalogSearchResult(hits, filtered.Count, facets, page, pageSize);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public void Dispose() => gate.Dispose();

    private static Entry Analyze(CatalogDocument document)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (text, weight) in Fields)
        {
            foreach (var term in text(document).SelectMany(TextAnalyzer.Terms))
            {
                weights[term] = weights.GetValueOrDefault(term) + weight;
            }
        }

        return new Entry(document, weights, weights.Values.Sum());
    }

    private void AddLocked(Entry entry)
    {
        entries[entry.Document.ListingId] = entry;
        totalLength += entry.Length;
        foreach (var (term, weight) in entry.TermWeights)
        {
            if (!postings.TryGetValue(term, out var list))
            {
                postings[term] = list = [];
                terms.Add(term);
            }

            list[entry.Document.ListingId] = weight;
        }
    }

    private void RemoveLocked(Guid listingId)
    {
        if (!entries.Remove(listingId, out var entry))
        {
            return;
        }

        totalLength -= entry.Length;
        foreach (var term in entry.TermWeights.Keys)
        {
            var list = postings[term];
            list.Remove(listingId);
            if (list.Count == 0)
            {
                postings.Remove(term);
                terms.Remove(term);
            }
        }
    }

    /// <summary>Listings containing every query term (as a word, or as a word's start), with their BM25 score.</summary>
    private List<CatalogHit> Match(string? text)
    {
        var queryTerms = TextAnalyzer.Terms(text).Distinct().ToList();
        if (queryTerms.Count == 0)
        {
            return entries.Values.Select(e => new CatalogHit(e.Document, 0)).ToList();
        }

        Dictionary<Guid, double>? scores = null;
        foreach (var queryTerm in queryTerms)
        {
            var termScores = ScoreTerm(queryTerm);
            scores = scores is null
                ? termScores
                : scores.Where(s => termScores.ContainsKey(s.Key)).ToDictionary(s => s.Key, s => s.Value + termScores[s.Key]);
            if (scores.Count == 0)
            {
                break;
            }
        }

        return scores!.Select(s => new CatalogHit(entries[s.Key].Document, s.Value)).ToList();
    }

    private Dictionary<Guid, double> ScoreTerm(string queryTerm)
    {
        var scores = new Dictionary<Guid, double>();
        var averageLength = entries.Count == 0 ? 1 : totalLength / entries.Count;
        foreach (var indexTerm in Expand(queryTerm))
        {
            var list = postings[indexTerm];
            var idf = Math.Log(1 + ((entries.Count - list.Count + 0.5) / (list.Count + 0.5)));
            var factor = indexTerm.Length == queryTerm.Length ? 1.0 : PrefixMatchFactor;
            foreach (var (listingId, frequency) in list)
            {
                var length = entries[listingId].Length;
                var score = factor * idf * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * length / averageLength))));
                scores[listingId] = Math.Max(scores.GetValueOrDefault(listingId), score);
            }
        }

        return scores;
    }

    private IEnumerable<string> Expand(string queryTerm)
    {
        if (queryTerm.Length < MinPrefixLength)
        {
            return postings.ContainsKey(queryTerm) ? [queryTerm] : [];
        }

        // Every index term that starts with the query term: the whole word and its longer forms.
        return terms.GetViewBetween(queryTerm, queryTerm + char.MaxValue).ToList();
    }

    private enum Facet
    {
        None,
        Category,
        Price,
        Trial,
        Rating,
    }

    private static bool Passes(CatalogDocument document, CatalogQuery query, Facet ignored) =>
        (ignored == Facet.Category || query.Categories.Count == 0 || query.Categories.Contains(document.Category))
        && (ignored == Facet.Price || query.PriceBands.Count == 0 || (document.PriceBand is { } band && query.PriceBands.Contains(band)))
        && (ignored == Facet.Trial || !query.FreeTrialOnly || document.HasFreeTrial)
        && (ignored == Facet.Rating || query.MinRating is null || HasRating(document, query.MinRating.Value));

    private static bool HasRating(CatalogDocument document, int atLeast) => document.ReviewCount > 0 && document.AverageRating >= atLeast;

    private static CatalogFacets CountFacets(List<CatalogHit> matched, CatalogQuery query)
    {
        List<CatalogDocument> Without(Facet facet) =>
            matched.Select(h => h.Document).Where(d => Passes(d, query, facet)).ToList();

        var categories = Without(Facet.Category)
            .GroupBy(d => d.Category, StringComparer.Ordinal)
            .Select(g => new FacetCount<string>(g.Key, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
            .ToList();
        var forPrice = Without(Facet.Price);
        var priceBands = Enum.GetValues<PriceBand>()
            .Select(band => new FacetCount<PriceBand>(band, forPrice.Count(d => d.PriceBand == band)))
            .ToList();
        var withTrial = Without(Facet.Trial).Count(d => d.HasFreeTrial);
        var forRating = Without(Facet.Rating);
        var ratings = RatingThresholds.Select(t => new FacetCount<int>(t, forRating.Count(d => HasRating(d, t)))).ToList();
        return new CatalogFacets(categories, priceBands, withTrial, ratings);
    }

    private static IEnumerable<CatalogHit> Sort(List<CatalogHit> hits, CatalogSort sort) => (sort switch
    {
        CatalogSort.Popularity => hits.OrderByDescending(h => h.Document.Popularity).ThenByDescending(h => h.Score),
        CatalogSort.Rating => hits.OrderByDescending(h => h.Document.ReviewCount > 0).ThenByDescending(h => h.Document.AverageRating).ThenByDescending(h => h.Document.ReviewCount),
        CatalogSort.Newest => hits.OrderByDescending(h => h.Document.PublishedAt),
        CatalogSort.Price => hits.OrderBy(h => h.Document.LowestMonthlyPrice is null).ThenBy(h => h.Document.LowestMonthlyPrice),
        _ => hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Document.Popularity),
    }).ThenBy(h => h.Document.Name, StringComparer.OrdinalIgnoreCase);
}
