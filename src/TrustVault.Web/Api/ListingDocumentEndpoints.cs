using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;

namespace TrustVault.Web.Api;

/// <summary>A published listing's OpenAPI document as a download, in JSON or YAML, for anyone who can see the listing.</summary>
public static class ListingDocumentEndpoints
{
    public static WebApplication MapListingDocuments(this WebApplication app)
    {
        app.MapGet("/catalog/{slug}/openapi.json", (string slug, CatalogService catalog, CancellationToken cancellationToken) =>
            DownloadAsync(slug, OpenApiDownloadFormat.Json, catalog, cancellationToken)).ExcludeFromDescription();
        app.MapGet("/catalog/{slug}/openapi.yaml", (string slug, CatalogService catalog, CancellationToken cancellationToken) =>
            DownloadAsync(slug, OpenApiDownloadFormat.Yaml, catalog, cancellationToken)).ExcludeFromDescription();
        return app;
    }

    /// <summary>The document of a published listing; 404 for a draft, a listing under review or one without a document, as for none.</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(
        string slug, OpenApiDownloadFormat format, CatalogService catalog, CancellationToken cancellationToken)
    {
        if (await catalog.PublishedDocumentAsync(slug, cancellationToken) is not { } stored)
        {
            return TypedResults.NotFound();
        }

        var (contentType, extension) = format == OpenApiDownloadFormat.Json ? ("application/json", "json") : ("application/yaml", "yaml");
        return TypedResults.File(Encoding.UTF8.GetBytes(OpenApiDownload.As(stored, format)), contentType, $"{slug}-openapi.{extension}");
    }
}
