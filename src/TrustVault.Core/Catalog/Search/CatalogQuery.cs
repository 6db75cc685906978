namespace TrustVault.Core.Catalog.Search;

public enum CatalogSort
{
    Relevance,
    Popularity,
    Rating,
    Newest,
    Price,
}

/// <summary>A catalog search: free text, facet filters, sort order and page.</summary>
public sealed record CatalogQuery
{
    public const int MaxPageSize = 50;

    public string? Text { get; init; }
    public IReadOnlySet<string> Categories { get; init; } = new HashSet<string>();
    public IReadOnlySet<PriceBand> PriceBands { get; init; } = new HashSet<PriceBand>();
    public bool FreeTrialOnly { get; init; }

    /// <summary>Match the words as typed, without correcting misspellings ("search instead for …").</summary>
    public bool ExactWords { get; init; }

    /// <summary>Only listings rated at least this (1–5) on average; null for any.</summary>
    public int? MinRating { get; init; }

    public CatalogSort Sort { get; init; } = CatalogSort.Relevance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 12;
}

public sealed record FacetCount<T>(T Value, int Count);

/// <summary>
/// Counts for each facet value among the listings that match the text and every other facet's
/// filter (not its own), so choosing a value never hides its siblings.
/// </summary>
public sealed record CatalogFacets(
    IReadOnlyList<FacetCount<string>> Categories,
    IReadOnlyList<FacetCount<PriceBand>> PriceBands,
    int WithFreeTrial,
    IReadOnlyList<FacetCount<int>> MinRatings);

/// <summary>A matching listing; <paramref name="CorrectedTerms"/> counts the query's words it matched only through a near spelling.</summary>
public sealed record CatalogHit(CatalogDocument Document, double Score, int CorrectedTerms = 0);

/// <summary>
/// The query with its misspelt words corrected ("forcast" → "forecast"). <paramref name="ReplacesOriginal"/> when no
/// listing matched the words as typed, so every result comes from the correction ("Showing results for …"); otherwise
/// the correction is offered beside them ("Did you mean …").
/// </summary>
public sealed record SpellingCorrection(string Text, bool ReplacesOriginal);

public sealed record CatalogSearchResult(
    IReadOnlyList<CatalogHit> Hits, int Total, CatalogFacets Facets, int Page, int PageSize, SpellingCorrection? Correction = null)
{
    public int PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}
