using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;

namespace TrustVault.Web.Api;

/// <summary>
/// A published listing's OpenAPI document as a download, in JSON or YAML, and the Postman collection made from it, for
/// anyone who can see the listing.
/// </summary>
public static class ListingDocumentEndpoints
{
    public static WebApplication MapListingDocuments(this WebApplication app)
    {
        app.MapGet("/catalog/{slug}/openapi.json", (string slug, CatalogService catalog, CancellationToken cancellationToken) =>
            DownloadAsync(slug, OpenApiDownloadFormat.Json, catalog, cancellationToken)).ExcludeFromDescription();
        app.MapGet("/catalog/{slug}/openapi.yaml", (string slug, CatalogService catalog, CancellationToken cancellationToken) =>
            DownloadAsync(slug, OpenApiDownloadFormat.Yaml, catalog, cancellationToken)).ExcludeFromDescription();
        app.MapGet("/catalog/{slug}/postman.json", PostmanAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>The document of a published listing; 404 for a draft, a listing under review or one without a document, as for none.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        string slug, OpenApiDownloadFormat format, CatalogService catalog, CancellationToken cancellationToken)
    {
        if (await catalog.PublishedDocumentAsync(slug, cancellationToken) is not { } stored)
        {
            return NoDocument();
        }

        var (contentType, extension) = format == OpenApiDownloadFormat.Json ? ("application/json", "json") : ("application/yaml", "yaml");
        return TypedResults.File(Encoding.UTF8.GetBytes(OpenApiDownload.As(stored, format)), contentType, $"{slug}-openapi.{extension}");
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

        var gateway = $"{request.Scheme}://{request.Host}{request.PathBase}/gw/{Uri.EscapeDataString(slug)}";
        return TypedResults.File(Encoding.UTF8.GetBytes(PostmanCollection.From(stored, slug, gateway)), "application/json", $"{slug}.postman_collection.json");
    }
}
