using TrustVault.Core.Catalog.Search;

namespace TrustVault.Web.Components.Pages.Catalog;

/// <summary>
/// The catalog search as it lives in the address bar (q, exact, category, price, trial, rating, sort, page),
/// so a search can be shared and the back button returns to the previous one.
/// </summary>
public sealed record CatalogSearchState(CatalogQuery Query)
{
    public const int PageSize = 12;

    public static CatalogSearchState FromQueryString(
        string? text, string[]? categories, string[]? prices, bool? trial, int? rating, string? sort, int? page, bool? exact = null) =>
        new(new CatalogQuery
        {
            Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            ExactWords = exact == true,
            Categories = (categories ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToHashSet(StringComparer.Ordinal),
            PriceBands = (prices ?? []).Select(p => Enum.TryParse<PriceBand>(p, ignoreCase: true, out var band) ? band : (PriceBand?)null)
                .OfType<PriceBand>().ToHashSet(),
            FreeTrialOnly = trial == true,
            MinRating = rating is >= 1 and <= 5 ? rating : null,
            Sort = Enum.TryParse<CatalogSort>(sort, ignoreCase: true, out var order) ? order : CatalogSort.Relevance,
            Page = page is > 0 ? page.Value : 1,
            PageSize = PageSize,
        });

    /// <summary>Query-string values for this state; defaults are left out to keep addresses short.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryString() => new Dictionary<string, object?>
    {
        ["q"] = Query.Text,
        ["exact"] = Query.ExactWords ? "true" : null,
        ["category"] = Query.Categories.Order(StringComparer.Ordinal).ToArray(),
        ["price"] = Query.PriceBands.Order().Select(b => b.ToString().ToLowerInvariant()).ToArray(),
        ["trial"] = Query.FreeTrialOnly ? true : null,
        ["rating"] = Query.MinRating,
        ["sort"] = Query.Sort == CatalogSort.Relevance ? null : Query.Sort.ToString().ToLowerInvariant(),
        ["page"] = Query.Page > 1 ? Query.Page : null,
    };

    /// <summary>A changed search starts again at page 1.</summary>
    public CatalogSearchState With(Func<CatalogQuery, CatalogQuery> change) => new(change(Query) with { Page = 1 });

    /// <summary>A search for other words, corrected again if misspelt (or as typed, <paramref name="exactWords"/>).</summary>
    public CatalogSearchState WithText(string? text, bool exactWords = false) => With(q => q with { Text = text, ExactWords = exactWords });

    public CatalogSearchState ToggleCategory(string category) => With(q => q with { Categories = Toggle(q.Categories, category) });

    public CatalogSearchState TogglePrice(PriceBand band) => With(q => q with { PriceBands = Toggle(q.PriceBands, band) });

    public CatalogSearchState GoToPage(int page) => new(Query with { Page = page });

    private static HashSet<T> Toggle<T>(IReadOnlySet<T> set, T value)
    {
        var copy = set.ToHashSet();
        if (!copy.Remove(value))
        {
            copy.Add(value);
        }

        return copy;
    }
}
