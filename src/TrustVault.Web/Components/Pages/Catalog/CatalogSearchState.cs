using System.Globalization;
using TrustVault.Core.Catalog.Search;

namespace TrustVault.Web.Components.Pages.Catalog;

/// <summary>
/// The catalog search as it lives in the address bar (q, exact, category, price, trial, rating, sort, page),
/// so a search can be shared and the back button returns to the previous one.
/// </summary>
public sealed record CatalogSearchState(CatalogQuery Query)
{
    public const int PageSize = 12;

    /// <summary>The id of the catalog's GET form, whose fields sit in several parts of the page.</summary>
    public const string FormId = "catalog-search-form";

    /// <summary>Reads the address leniently: a value that does not parse is left out, as if the visitor had not chosen it.</summary>
    public static CatalogSearchState FromQueryString(
        string? text, string[]? categories, string[]? prices, string? trial, string? rating, string? sort, string? page, string? exact = null) =>
        new(new CatalogQuery
        {
            Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            ExactWords = bool.TryParse(exact, out var exactWords) && exactWords,
            Categories = (categories ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToHashSet(StringComparer.Ordinal),
            PriceBands = (prices ?? []).Select(p => Enum.TryParse<PriceBand>(p, ignoreCase: true, out var band) && Enum.IsDefined(band) ? band : (PriceBand?)null)
                .OfType<PriceBand>().ToHashSet(),
            FreeTrialOnly = bool.TryParse(trial, out var trialOnly) && trialOnly,
            MinRating = int.TryParse(rating, CultureInfo.InvariantCulture, out var stars) && stars is >= 1 and <= 5 ? stars : null,
            Sort = ParseSort(sort),
            Page = int.TryParse(page, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1,
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
        ["sort"] = SortValue(Query.Sort),
        ["page"] = Query.Page > 1 ? Query.Page : null,
    };

    public static CatalogSort ParseSort(string? sort) =>
        Enum.TryParse<CatalogSort>(sort, ignoreCase: true, out var order) && Enum.IsDefined(order) ? order : CatalogSort.Relevance;

    /// <summary>The sort as the address spells it; none for the default, relevance.</summary>
    public static string? SortValue(CatalogSort sort) => sort == CatalogSort.Relevance ? null : sort.ToString().ToLowerInvariant();

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
