using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Api;
using TrustVault.Web.Components.Shared;
using TrustVault.Web.Gateway;

namespace TrustVault.Tests.Api;

/// <summary>
/// The first-party listings' OpenAPI documents, generated from the route table at start: every route is listed, the
/// schemas follow the request records, and every example succeeds when the Try it panel sends it. On an app with an
/// Ethereum node, so that /v1/rpc/analyze can succeed too.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FirstPartyOpenApiTests(OnChainNodeFactory factory) : IClassFixture<OnChainNodeFactory>, IAsyncLifetime
{
    public static TheoryData<string, string, string> Routes()
    {
        var routes = new TheoryData<string, string, string>();
        foreach (var api in FirstPartyApis.All)
        {
            foreach (var route in api.Routes)
            {
                routes.Add(api.Slug, route.Method, "/" + route.Path);
            }
        }

        return routes;
    }

    public async Task InitializeAsync()
    {
        foreach (var api in FirstPartyApis.All)
        {
            await DemoCustomer.UseRoomiestPlanAsync(factory, api.Slug);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_is_an_endpoint_of_its_listing_after_start(string slug, string method, string path)
    {
        var listing = await PublishedAsync(slug);

        Assert.Contains(listing.Endpoints, e => e.Method == method && e.Path == path);
        var stored = (await StoredDocumentAsync(slug))!;
        Assert.NotNull(JsonNode.Parse(stored)!["paths"]![path]![method.ToLowerInvariant()]);
    }

    [Fact]
    public async Task The_stored_documents_read_back_without_errors_and_list_only_the_routes()
    {
        foreach (var api in FirstPartyApis.All)
        {
            var import = OpenApiImporter.Import((await StoredDocumentAsync(api.Slug))!);

            Assert.True(import.Succeeded, string.Join("; ", import.Errors));
            Assert.Equal(api.Routes.Count, import.Endpoints.Count);
            Assert.Equal(api.Title, import.Title);
        }
    }

    [Fact]
    public async Task The_forecast_schemas_name_the_properties_of_the_request_and_response_records()
    {
        var document = JsonNode.Parse((await StoredDocumentAsync("ai-analytics"))!)!;

        var reference = (string)document["paths"]!["/v1/forecast"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
        Assert.Equal("#/components/schemas/ForecastRequest", reference);
        var schema = document["components"]!["schemas"]!["ForecastRequest"]!;
        var expected = typeof(AnalyticsApi.ForecastRequest).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order();
        Assert.Equal(expected, schema["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("/gw/ai-analytics", (string?)document["servers"]![0]!["url"]);
        var forecast = (await PublishedAsync("ai-analytics")).Endpoints.Single(e => e.Path == "/v1/forecast");
        Assert.Contains("\"lower95\"", forecast.ResponseExample, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_documented_as_problem_json()
    {
        var document = JsonNode.Parse((await StoredDocumentAsync("business-intelligence"))!)!;

        var responses = document["paths"]!["/v1/mrr"]!["post"]!["responses"]!.AsObject();
        Assert.Equal(["200", "400", "401", "402", "403", "413", "429"], responses.Select(r => r.Key).Order());
        Assert.All(responses.Where(r => r.Key != "200"), r => Assert.NotNull(r.Value!["content"]!["application/problem+json"]));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_routes_example_sent_from_the_try_it_panel_succeeds(string slug, string method, string path)
    {
        var form = new TryItForm((await PublishedAsync(slug)).Endpoints.Single(e => e.Method == method && e.Path == path));
        if (path == "/v1/jobs/{id}")
        {
            // A job to look up: the profile example, queued.
            var profile = new TryItForm((await PublishedAsync(slug)).Endpoints.Single(e => e.Path == "/v1/profile"));
            profile.Values["async"] = "true";
            var queued = await SendAsync(profile, slug);
            Assert.Equal(202, queued.Status);
            form.Values["id"] = JsonNode.Parse(queued.Body)!["id"]!.GetValue<string>();
        }

        var response = await SendAsync(form, slug);

        Assert.True(response.Status is 200, $"{method} {path}: {response.Status} {response.Body}");
    }

    [Fact]
    public async Task A_stale_stored_document_is_replaced_with_its_endpoints_and_search_entry()
    {
        await using (var db = await Db())
        {
            var listing = await db.Listings.Include(l => l.Endpoints).SingleAsync(l => l.Slug == "privacy-analytics");
            var old = """{ "openapi": "3.0.3", "info": { "title": "Old", "version": "0" }, "paths": { "/v1/old": { "get": { "summary": "Old placeholder", "responses": { "200": { "description": "OK" } } } } } }""";
            var import = OpenApiImporter.Import(old);
            await ListingService.ReplaceEndpointsAsync(db, listing, old, import, CancellationToken.None);
            await db.SaveChangesAsync();
            await factory.Services.GetRequiredService<CatalogIndexer>().RefreshAsync(listing.Id, CancellationToken.None);
        }

        Assert.Contains(Search("placeholder").Hits, h => h.Document.Slug == "privacy-analytics");

        var sync = factory.Services.GetRequiredService<IServiceScopeFactory>().CreateScope().ServiceProvider.GetRequiredService<FirstPartyDocumentSync>();
        var replaced = await sync.SyncAsync(FirstPartyOpenApi.Documents(), CancellationToken.None);

        Assert.Equal(["privacy-analytics"], replaced);
        Assert.Equal(FirstPartyOpenApi.Documents()["privacy-analytics"], await StoredDocumentAsync("privacy-analytics"));
        var endpoints = (await PublishedAsync("privacy-analytics")).Endpoints;
        Assert.DoesNotContain(endpoints, e => e.Path == "/v1/old");
        Assert.Contains(endpoints, e => e.Path == "/v1/paillier/sum");
        Assert.DoesNotContain(Search("placeholder").Hits, h => h.Document.Slug == "privacy-analytics");
        Assert.Empty(await sync.SyncAsync(FirstPartyOpenApi.Documents(), CancellationToken.None));
    }

    private CatalogSearchResult Search(string text) => factory.Services.GetRequiredService<CatalogSearchIndex>().Search(new CatalogQuery { Text = text });

    private Task<TryItResponse> SendAsync(TryItForm form, string slug) =>
        factory.Services.GetRequiredService<TryItClient>().SendAsync(form.ToRequest(slug, DemoSeedOptions.CustomerApiKey), CancellationToken.None);

    private async Task<ListingPage> PublishedAsync(string slug) =>
        (await factory.Services.GetRequiredService<CatalogService>().GetPublishedAsync(slug, CancellationToken.None))!;

    private async Task<string?> StoredDocumentAsync(string slug)
    {
        await using var db = await Db();
        return await db.Listings.Where(l => l.Slug == slug).Select(l => l.OpenApiDocument).SingleAsync();
    }

    private Task<TrustVaultDbContext> Db() => factory.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
}
