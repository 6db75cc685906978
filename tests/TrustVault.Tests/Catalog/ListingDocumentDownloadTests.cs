using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>A published listing's OpenAPI document downloads as JSON and as YAML, both reading back as the same API; nothing else does.</summary>
[Collection(AppCollection.Name)]
public sealed class ListingDocumentDownloadTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private const string Gateway = "https://tv.example.com/gw/tiny";

    [Theory]
    [InlineData("skycast-weather")]
    [InlineData("ai-analytics")]
    public async Task Anyone_downloads_a_published_document_as_json_and_as_yaml_and_both_list_the_listings_endpoints(string slug)
    {
        var client = factory.CreateBrowser();

        using var json = await client.GetAsync($"/catalog/{slug}/openapi.json");
        using var yaml = await client.GetAsync($"/catalog/{slug}/openapi.yaml");

        Assert.Equal((HttpStatusCode.OK, "application/json"), (json.StatusCode, json.Content.Headers.ContentType?.MediaType));
        Assert.Equal((HttpStatusCode.OK, "application/yaml"), (yaml.StatusCode, yaml.Content.Headers.ContentType?.MediaType));
        Assert.Equal($"{slug}-openapi.yaml", yaml.Content.Headers.ContentDisposition?.FileNameStar ?? yaml.Content.Headers.ContentDisposition?.FileName);
        var jsonText = await json.Content.ReadAsStringAsync();
        var yamlText = await yaml.Content.ReadAsStringAsync();
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(jsonText).RootElement.ValueKind);
        Assert.StartsWith("openapi:", yamlText.TrimStart(), StringComparison.Ordinal);
        var fromJson = OpenApiImporter.Import(jsonText);
        var fromYaml = OpenApiImporter.Import(yamlText);
        Assert.True(fromJson.Succeeded && fromYaml.Succeeded, string.Join("; ", fromJson.Errors.Concat(fromYaml.Errors)));
        var listed = (await factory.Services.GetRequiredService<CatalogService>().GetPublishedAsync(slug, CancellationToken.None))!.Endpoints;
        Assert.Equal(listed.Select(e => (e.Method, e.Path)).Order(), fromYaml.Endpoints.Select(e => (e.Method, e.Path)).Order());
        Assert.Equal(fromJson.Endpoints.Select(e => (e.Method, e.Path)), fromYaml.Endpoints.Select(e => (e.Method, e.Path)));
    }

    [Theory]
    [InlineData("skycast-weather")]
    [InlineData("ai-analytics")]
    public async Task Both_downloads_call_the_listing_at_the_gateway_with_the_api_key_in_one_openapi_version(string slug)
    {
        var client = factory.CreateBrowser();

        var json = JsonDocument.Parse(await client.GetStringAsync($"/catalog/{slug}/openapi.json")).RootElement;
        var yaml = await client.GetStringAsync($"/catalog/{slug}/openapi.yaml");

        // The provider's upstream is the gateway's to call: a tool fed the document would bypass the key and metering.
        Assert.Equal($"http://localhost/gw/{slug}", Assert.Single(json.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        var scheme = json.GetProperty("components").GetProperty("securitySchemes").GetProperty(GatewayDocument.KeyScheme);
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.True(Assert.Single(json.GetProperty("security").EnumerateArray()).TryGetProperty(GatewayDocument.KeyScheme, out _));
        Assert.Contains($"url: http://localhost/gw/{slug}", yaml, StringComparison.Ordinal);
        Assert.Contains("name: X-Api-Key", yaml, StringComparison.Ordinal);
        Assert.Equal(json.GetProperty("openapi").GetString(), YamlOpenApiVersion(yaml));
    }

    [Fact]
    public async Task The_listing_page_links_both_downloads()
    {
        var page = await factory.CreateBrowser().GetStringAsync("/catalog/skycast-weather");

        Assert.Contains("href=\"/catalog/skycast-weather/openapi.json\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/catalog/skycast-weather/openapi.yaml\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listing_that_is_not_published_or_does_not_exist_has_no_document_or_collection()
    {
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            var published = await db.Listings.AsNoTracking().SingleAsync(l => l.Slug == "skycast-weather");
            db.Listings.Add(new Listing
            {
                OrganizationId = published.OrganizationId,
                Name = "Unreleased Draft",
                Slug = "unreleased-draft-download",
                Summary = "Not yet reviewed.",
                Category = published.Category,
                UpstreamBaseUrl = published.UpstreamBaseUrl,
                Status = ListingStatus.Draft,
                OpenApiDocument = published.OpenApiDocument,
            });
            await db.SaveChangesAsync();
        }

        var client = factory.CreateBrowser();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/catalog/unreleased-draft-download/openapi.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/catalog/unreleased-draft-download/openapi.yaml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/catalog/unreleased-draft-download/postman.json")).StatusCode);
        var missing = await client.GetAsync("/catalog/no-such-api/openapi.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // A problem a download tool reads, not the people's "page not found" page.
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void A_yaml_document_downloads_as_json_and_as_yaml_in_its_own_openapi_version()
    {
        const string yaml = """
            openapi: 3.0.3
            info:
              title: Tiny
              version: "1"
            paths:
              /ping:
                get:
                  responses:
                    "200":
                      description: ok
            """;

        var json = JsonDocument.Parse(OpenApiDownload.As(yaml, OpenApiDownloadFormat.Json, Gateway)).RootElement;
        var yamlDownload = OpenApiDownload.As(yaml, OpenApiDownloadFormat.Yaml, Gateway);

        Assert.StartsWith("3.0.", json.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("paths").TryGetProperty("/ping", out _));
        Assert.Equal(json.GetProperty("openapi").GetString(), YamlOpenApiVersion(yamlDownload));
        Assert.Contains("/ping:", yamlDownload, StringComparison.Ordinal);
    }

    // Microsoft.OpenApi may quote the version; YAML reads it the same either way.
    private static string YamlOpenApiVersion(string yaml) => yaml.TrimStart().Split('\n')[0]["openapi:".Length..].Trim().Trim('\'', '"');
}
