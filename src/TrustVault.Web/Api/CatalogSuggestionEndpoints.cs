using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Web.RateLimiting;

namespace TrustVault.Web.Api;

/// <summary>
/// Suggestions for the catalog's search box as the visitor types (wwwroot/js/search-suggestions.js): anonymous, like the
/// catalog itself, and cacheable for a minute, so that browsers and proxies answer repeated prefixes without the app;
/// limited per client address, so that no one client keeps the search index busy.
/// </summary>
public static class CatalogSuggestionEndpoints
{
    public const string Path = "/api/catalog/suggestions";
    public const int MaxQueryLength = 100;
    public const int DefaultLimit = 8;

    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public sealed record Suggestion(CatalogSuggestionKind Kind, string Text, string Url);

    public sealed record Suggestions(IReadOnlyList<Suggestion> Items);

    public static WebApplication MapCatalogSuggestions(this WebApplication app)
    {
        app.MapGet(Path, Suggest)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitingExtensions.CatalogSuggestions)
            .WithName("CatalogSuggestions")
            .WithSummary("Categories, listings and searches completing what a visitor is typing");
        return app;
    }

    private static Results<Ok<Suggestions>, ValidationProblem> Suggest(string? q, int? limit, CatalogService catalog, HttpResponse response)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["Type something to complete."];
        }
        else if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"At most {MaxQueryLength} characters."];
        }

        if (limit is < 1 or > CatalogSearchIndex.MaxSuggestions)
        {
            errors["limit"] = [$"Between 1 and {CatalogSearchIndex.MaxSuggestions}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var items = catalog.Suggest(q, limit ?? DefaultLimit).Select(s => new Suggestion(s.Kind, s.Text, UrlOf(s))).ToList();
        response.Headers[HeaderNames.CacheControl] = $"public, max-age={(int)CacheFor.TotalSeconds}";
        return TypedResults.Ok(new Suggestions(items));
    }

    /// <summary>Where choosing the suggestion leads: the listing's page, or the catalog filtered or searched.</summary>
    private static string UrlOf(CatalogSuggestion suggestion) => suggestion.Kind switch
    {
        CatalogSuggestionKind.Listing => $"/catalog/{Uri.EscapeDataString(suggestion.Slug!)}",
        CatalogSuggestionKind.Category => $"/catalog?category={Uri.EscapeDataString(suggestion.Text)}",
        _ => $"/catalog?q={Uri.EscapeDataString(suggestion.Text)}",
    };
}
