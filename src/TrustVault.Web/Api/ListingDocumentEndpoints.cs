using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Web.Gateway;
using TrustVault.Web.RateLimiting;

namespace TrustVault.Web.Api;

/// <summary>
/// A published listing's OpenAPI document as a download, in JSON or YAML, and the Postman collection made from it, for
/// anyone who can see the listing.
/// </summary>
public static class ListingDocumentEndpoints
{
    public static WebApplication MapListingDocuments(this WebApplication app)
    {
        var downloads = app.MapGroup("/catalog/{slug}").ExcludeFromDescription().RequireRateLimiting(RateLimitingExtensions.ListingDocuments);
        downloads.MapGet("/openapi.json", (string slug, HttpRequest request, CatalogService catalog, CancellationToken cancellationToken) =>
            DownloadAsync(slug, OpenApiDownloadFormat.Json, request, catalog, cancellationToken));
        downloads.MapGet("/openapi.yaml", (string slug, HttpRequest request, CatalogService catalog, CancellationToken cancellationToken) =>
            DownloadAsync(slug, OpenApiDownloadFormat.Yaml, request, catalog, cancellationToken));
        downloads.MapGet("/postman.json", PostmanAsync);
        return app;
    }

    /// <summary>
    /// The document of a published listing, calling it at this app's gateway; 404 for a draft, a listing under review or
    /// one without a document, as for none.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string slug, OpenApiDownloadFormat format, HttpRequest request, CatalogService catalog, CancellationToken cancellationToken)
    {
        if (await catalog.PublishedDocumentAsync(slug, cancellationToken) is not { } stored)
        {
            return NoDocument();
        }

        var (contentType, extension) = format == OpenApiDownloadFormat.Json ? ("application/json", "json") : ("application/yaml", "yaml");
        return TypedResults.File(Encoding.UTF8.GetBytes(OpenApiDownload.As(stored, format, GatewayUrl(request, slug))), contentType, $"{slug}-openapi.{extension}");
    }

    // A problem a download tool can read, rather than the people's "page not found" page the status pages would render.
    private static ProblemHttpResult NoDocument() =>
        TypedResults.Problem("No published listing with an API definition has this address.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>The Postman collection of a published listing's document, calling the listing at this app's gateway; 404 as for the document.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PostmanAsync(
        string slug, HttpRequest request, CatalogService catalog, CancellationToken cancellationToken)
    {
        if (await catalog.PublishedDocumentAsync(slug, cancellationToken) is not { } stored)
        {
            return NoDocument();
        }

        return TypedResults.File(
            Encoding.UTF8.GetBytes(PostmanCollection.From(stored, slug, GatewayUrl(request, slug))), "application/json", $"{slug}.postman_collection.json");
    }

    // Absolute: a downloaded file is read away from this site, where a relative server address would resolve to nothing.
    private static string GatewayUrl(HttpRequest request, string slug) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{GatewayExtensions.Prefix}/{Uri.EscapeDataString(slug)}";
}
