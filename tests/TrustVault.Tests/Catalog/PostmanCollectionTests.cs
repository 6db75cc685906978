using System.Net;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// A published listing's Postman collection is valid against Postman's collection v2.1 schema (Catalog/Postman, see its
/// LICENSE.md), has a folder per tag and a request per operation, and calls the gateway with the apiKey variable.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PostmanCollectionTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Catalog", "Postman", "collection-v2.1.0.schema.json")));

    private const string Document = """
        openapi: 3.0.3
        info:
          title: Orders
          version: "2.1"
        paths:
          /v1/orders/{id}:
            get:
              tags: [Orders]
              summary: One order
              parameters:
                - { name: id, in: path, required: true, schema: { type: string }, example: o-42 }
                - { name: expand, in: query, schema: { type: string }, description: Related data to include }
                - { name: X-Tenant, in: header, schema: { type: string }, example: acme }
                - { name: Accept-Language, in: header, schema: { type: string }, example: de }
                - { name: X-Api-Key, in: header, schema: { type: string } }
              responses: { "200": { description: The order } }
          /v1/orders:
            post:
              tags: [Orders]
              requestBody:
                content:
                  application/json:
                    example: { item: book, quantity: 2 }
              responses: { "201": { description: Created } }
          /v1/ping:
            get:
              summary: Ping
              responses: { "200": { description: Pong } }
        """;

    [Theory]
    [InlineData("skycast-weather")]
    [InlineData("ai-analytics")]
    public async Task A_published_listings_collection_is_valid_postman_v2_1_and_holds_every_endpoint(string slug)
    {
        using var response = await factory.CreateBrowser().GetAsync($"/catalog/{slug}/postman.json");

        Assert.Equal((HttpStatusCode.OK, "application/json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Equal($"{slug}.postman_collection.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var collection = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        AssertValid(collection);
        var listed = (await factory.Services.GetRequiredService<CatalogService>().GetPublishedAsync(slug, CancellationToken.None))!.Endpoints;
        var requests = collection["item"]!.AsArray().SelectMany(folder => folder!["item"]!.AsArray()).Select(item => item!["request"]!).ToList();
        Assert.Equal(listed.Count, requests.Count);
        Assert.Equal(listed.Select(e => e.Tag).Distinct().Order(), collection["item"]!.AsArray().Select(f => (string)f!["name"]!).Order());
        Assert.Equal($"http://localhost/gw/{slug}", Variable(collection, "baseUrl"));
        Assert.All(requests, r => Assert.StartsWith("{{baseUrl}}/", (string)r["url"]!["raw"]!, StringComparison.Ordinal));
    }

    [Fact]
    public void Requests_carry_the_documents_examples_and_the_key_goes_in_the_gateways_header_from_an_empty_variable()
    {
        var collection = JsonNode.Parse(PostmanCollection.From(Document, "orders", "https://tv.example.com/gw/orders/"))!;

        AssertValid(collection);
        Assert.Equal("Orders", (string)collection["info"]!["name"]!);
        Assert.Equal(["Orders", "General"], collection["item"]!.AsArray().Select(f => (string)f!["name"]!));
        Assert.Equal("https://tv.example.com/gw/orders", Variable(collection, "baseUrl"));
        Assert.Equal("", Variable(collection, "apiKey"));
        var auth = collection["auth"]!["apikey"]!.AsArray().ToDictionary(a => (string)a!["key"]!, a => (string)a!["value"]!);
        Assert.Equal(new Dictionary<string, string> { ["key"] = "X-Api-Key", ["value"] = "{{apiKey}}", ["in"] = "header" }, auth);

        var order = collection["item"]![0]!["item"]![0]!["request"]!;
        Assert.Equal("GET", (string)order["method"]!);
        Assert.Equal("{{baseUrl}}/v1/orders/:id", (string)order["url"]!["raw"]!);
        Assert.Equal(["v1", "orders", ":id"], order["url"]!["path"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("o-42", (string)order["url"]!["variable"]![0]!["value"]!);
        Assert.True((bool)order["url"]!["query"]![0]!["disabled"]!);
        // The document's own key header would send the key twice: the collection's auth sends it. The gateway drops X-Tenant.
        Assert.Equal(["Accept-Language"], order["header"]!.AsArray().Select(h => (string)h!["key"]!));

        var create = collection["item"]![0]!["item"]![1]!["request"]!;
        Assert.Equal("raw", (string)create["body"]!["mode"]!);
        Assert.Equal(2, (int)JsonNode.Parse((string)create["body"]!["raw"]!)!["quantity"]!);
        Assert.Contains(create["header"]!.AsArray(), h => (string)h!["key"]! == "Content-Type" && (string)h["value"]! == "application/json");
    }

    [Theory]
    [InlineData("X-Tenant", false)]
    [InlineData("Cookie", false)]
    [InlineData("X-Forwarded-For", false)]
    [InlineData("Authorization", false)]
    [InlineData("Idempotency-Key", true)]
    [InlineData("If-None-Match", true)]
    public void A_header_parameter_is_exported_only_where_the_gateway_forwards_it_and_the_collection_does_not_set_it(string name, bool exported)
    {
        var document = $$"""
            openapi: 3.0.3
            info: { title: Headers, version: "1" }
            paths:
              /things:
                get:
                  parameters:
                    - { name: {{name}}, in: header, required: true, schema: { type: string }, example: x }
                  responses: { "200": { description: OK } }
            """;

        var request = JsonNode.Parse(PostmanCollection.From(document, "headers", "https://tv.example.com/gw/headers"))!["item"]![0]!["item"]![0]!["request"]!;

        Assert.Equal(exported, request["header"]!.AsArray().Any(h => (string)h!["key"]! == name));
    }

    [Fact]
    public void The_schema_rejects_what_postman_would_not_import()
    {
        var collection = JsonNode.Parse(PostmanCollection.From(Document, "orders", "https://tv.example.com/gw/orders"))!;
        collection["info"]!.AsObject().Remove("schema");
        collection["item"]![0]!["item"]![0]!["request"]!["url"] = 42;

        Assert.False(Schema.Value.Evaluate(collection).IsValid);
    }

    private static void AssertValid(JsonNode collection)
    {
        var result = Schema.Value.Evaluate(collection, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    private static string Variable(JsonNode collection, string key) =>
        (string)collection["variable"]!.AsArray().Single(v => (string)v!["key"]! == key)!["value"]!;
}
