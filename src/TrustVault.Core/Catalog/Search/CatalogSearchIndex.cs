using TrustVault.Core.Data;

namespace TrustVault.Core.Catalog.Search;

/// <summary>
/// In-memory inverted index over the published listings, scored with BM25 (Robertson and
/// Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009) on a weighted
/// bag of fields, forgiving of small misspellings. Kept current by <see cref="CatalogIndexer"/> whenever a listing
/// changes. Suggestions as you type and related listings read the same terms (the other parts of this class).
/// </summary>
public sealed partial class CatalogSearchIndex : IDisposable
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>A query term shorter than this matches only whole terms, not prefixes.</summary>
    private const int MinPrefixLength = 3;

    /// <summary>A prefix match counts for less than the whole word.</summary>
    private const double PrefixMatchFactor = 0.6;

    /// <summary>
    /// A word found in fewer listings than this, as typed or as a word's start, is also matched by its near spellings,
    /// which count for this much less again for each edit (and rank below every listing that matched as typed).
    /// </summary>
    private const int FewMatches = 3;

    private const double CorrectedMatchFactor = 0.4;

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
    private readonly TermSpellings spellings = new();
    private readonly Dictionary<string, int> categories = new(StringComparer.Ordinal);
    private double totalLength;

    /// <summary>Counts the changes, so that what is derived from the whole index (the listings' vector lengths) knows when to be recomputed.</summary>
    private int version;

    /// <param name="WrittenAs">Each term's word as the listing first writes it, which suggestions offer rather than the cut term.</param>
    private sealed record Entry(
        CatalogDocument Document, IReadOnlyDictionary<string, double> TermWeights, double Length, IReadOnlySet<string> NameTerms, IReadOnlyDictionary<string, string> WrittenAs);

    private sealed record TermMatch(string Term, double Factor, bool Corrected);

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
            spellings.Clear();
            categories.Clear();
            totalLength = 0;
            version++;
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
            var (matched, corrections) = Match(query.Text, query.ExactWords);
            var facets = CountFacets(matched, query);
            var filtered = matched.Where(hit => Passes(hit.Document, query, Facet.None)).ToList();
            var hits = Sort(filtered, query.Sort).Page(page - 1, pageSize).ToList();
            var correction = corrections.Count == 0
                ? null
                : new SpellingCorrection(Corrected(query.Text!, corrections), matched.Count > 0 && matched.All(h => h.CorrectedTerms > 0));
            return new CatalogSearchResult(hits, filtered.Count, facets, page, pageSize, correction);
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
        var writtenAs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (text, weight) in Fields)
        {
            foreach (var (term, word) in text(document).SelectMany(TextAnalyzer.TermsAsWritten))
            {
                weights[term] = weights.GetValueOrDefault(term) + weight;
                writtenAs.TryAdd(term, word);
            }
        }

        return new Entry(document, weights, weights.Values.Sum(), TextAnalyzer.Terms(document.Name).ToHashSet(StringComparer.Ordinal), writtenAs);
    }

    private void AddLocked(Entry entry)
    {
        entries[entry.Document.ListingId] = entry;
        totalLength += entry.Length;
        categories[entry.Document.Category] = categories.GetValueOrDefault(entry.Document.Category) + 1;
        version++;
        foreach (var (term, weight) in entry.TermWeights)
        {
            if (!postings.TryGetValue(term, out var list))
            {
                postings[term] = list = [];
                terms.Add(term);
                if (TermSpellings.IsSpellable(term))
                {
                    spellings.Add(term);
                }
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
        if (--categories[entry.Document.Category] == 0)
        {
            categories.Remove(entry.Document.Category);
        }

        version++;
        foreach (var term in entry.TermWeights.Keys)
        {
            var list = postings[term];
            list.Remove(listingId);
            if (list.Count == 0)
            {
                postings.Remove(term);
                terms.Remove(term);
                if (TermSpellings.IsSpellable(term))
                {
                    spellings.Remove(term);
                }
            }
        }
    }

    /// <summary>
    /// Listings containing every query term (as a word, as a word's start, or by a near spelling when those find few),
    /// with their BM25 score, and the corrections of the query's misspelt terms (term → index term).
    /// </summary>
    private (List<CatalogHit> Hits, Dictionary<string, string> Corrections) Match(string? text, bool exactWords)
    {
        var queryTerms = TextAnalyzer.Terms(text).Distinct().ToList();
        var corrections = new Dictionary<string, string>(StringComparer.Ordinal);
        if (queryTerms.Count == 0)
        {
            return (entries.Values.Select(e => new CatalogHit(e.Document, 0)).ToList(), corrections);
        }

        Dictionary<Guid, (double Score, int Corrected)>? scores = null;
        foreach (var queryTerm in queryTerms)
        {
            var (matches, correction) = Expand(queryTerm, exactWords);
            if (correction is not null)
            {
                corrections[queryTerm] = correction;
            }

            // Once nothing matches, the other terms are still read for their corrections.
            if (scores is { Count: 0 })
            {
                continue;
            }

            var termScores = ScoreTerm(matches);
            scores = scores is null
                ? termScores
                : scores.Where(s => termScores.ContainsKey(s.Key)).ToDictionary(
                    s => s.Key, s => (s.Value.Score + termScores[s.Key].Score, s.Value.Corrected + termScores[s.Key].Corrected));
        }

        return (scores!.Select(s => new CatalogHit(entries[s.Key].Document, s.Value.Score, s.Value.Corrected)).ToList(), corrections);
    }

    /// <summary>Each listing's best BM25 score for one query term over its matching index terms; a match as typed wins over a corrected one.</summary>
    private Dictionary<Guid, (double Score, int Corrected)> ScoreTerm(List<TermMatch> matches)
    {
        var scores = new Dictionary<Guid, (double Score, int Corrected)>();
        var averageLength = entries.Count == 0 ? 1 : totalLength / entries.Count;
        foreach (var (indexTerm, factor, corrected) in matches.OrderBy(m => m.Corrected))
        {
            var list = postings[indexTerm];
            var idf = Idf(list.Count);
            var correctedCount = corrected ? 1 : 0;
            foreach (var (listingId, frequency) in list)
            {
                var length = entries[listingId].Length;
                var score = factor * idf * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * length / averageLength))));
                if (!scores.TryGetValue(listingId, out var known) || (known.Corrected == correctedCount && known.Score < score))
                {
                    scores[listingId] = (score, correctedCount);
                }
            }
        }

        return scores;
    }

    private double Idf(int documentFrequency) => Math.Log(1 + ((entries.Count - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    /// <summary>
    /// The index terms <paramref name="queryTerm"/> matches: itself and its longer forms, then, when those are in few
    /// listings, its near spellings; and the correction to offer, the nearest spelling found in more listings than the
    /// term as typed (the most common of equally near ones).
    /// </summary>
    private (List<TermMatch> Matches, string? Correction) Expand(string queryTerm, bool exactWords)
    {
        IEnumerable<string> typed = queryTerm.Length < MinPrefixLength
            ? postings.ContainsKey(queryTerm) ? [queryTerm] : []
            : terms.GetViewBetween(queryTerm, queryTerm + char.MaxValue);
        var matches = typed.Select(t => new TermMatch(t, t.Length == queryTerm.Length ? 1.0 : PrefixMatchFactor, Corrected: false)).ToList();
        var found = matches.Sum(m => postings[m.Term].Count);
        if (exactWords || found >= FewMatches)
        {
            return (matches, null);
        }

        var near = spellings.Near(queryTerm);
        if (near.Count == 0)
        {
            return (matches, null);
        }

        matches.AddRange(near.Select(n => new TermMatch(n.Term, CorrectedMatchFactor / n.Edits, Corrected: true)));
        var best = near.OrderBy(n => n.Edits).ThenByDescending(n => postings[n.Term].Count).ThenBy(n => n.Term, StringComparer.Ordinal).First();
        return (matches, postings[best.Term].Count > found ? best.Term : null);
    }

    /// <summary><paramref name="text"/> with its corrected words replaced, a plural kept plural ("analitycs" → "analytics").</summary>
    private static string Corrected(string text, Dictionary<string, string> corrections) => string.Join(' ', TextAnalyzer.Words(text).Select(word =>
    {
        var term = TextAnalyzer.Stem(word);
        return !TextAnalyzer.IsStopWord(word) && corrections.TryGetValue(term, out var correction)
            ? correction + (term.Length < word.Length ? "s" : "")
            : word;
    }));

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

        var perCategory = Without(Facet.Category).CountBy(d => d.Category, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        // A chosen category stays listed, with 0 when nothing matches it any more, so that it can be unchecked (as a chosen price band).
        var categories = perCategory.Keys.Union(query.Categories, StringComparer.Ordinal)
            .Select(category => new FacetCount<string>(category, perCategory.GetValueOrDefault(category)))
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
        CatalogSort.Price => hits.OrderBy(h => h.Document.LowestMonthlyPrice is null).ThenBy(h => !h.Document.HasFreePlan).ThenBy(h => h.Document.LowestMonthlyPrice),
        _ => hits.OrderBy(h => h.CorrectedTerms).ThenByDescending(h => h.Score).ThenByDescending(h => h.Document.Popularity),
    }).ThenBy(h => h.Document.Name, StringComparer.OrdinalIgnoreCase);
}
