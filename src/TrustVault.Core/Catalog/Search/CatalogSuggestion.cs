namespace TrustVault.Core.Catalog.Search;

public enum CatalogSuggestionKind
{
    Category,
    Listing,
    Search,
}

/// <summary>
/// One completion of what a visitor is typing in the catalog's search box: a category to browse, a listing to open
/// (<paramref name="Slug"/>) or words to search for.
/// </summary>
public sealed record CatalogSuggestion(CatalogSuggestionKind Kind, string Text, string? Slug = null);
