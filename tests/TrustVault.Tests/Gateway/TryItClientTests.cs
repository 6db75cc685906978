using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Egress;
using TrustVault.Core.Errors;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;
using TrustVault.Web.Gateway;

namespace TrustVault.Tests.Gateway;

[Collection(AppCollection.Name)]
public sealed class TryItClientTests(GatewayFactory factory, LocalUpstream upstream) : IClassFixture<GatewayFactory>, IClassFixture<LocalUpstream>
{
    private const string Analytics = "ai-analytics";
    private static readonly Dictionary<string, string> None = [];

    /// <summary>The browser the tests' calls are made for.</summary>
    internal static readonly TryItCaller Browser = new("https", new HostString("market.example"), IPAddress.Parse("203.0.113.7"), "Mozilla/5.0 (Try it tests)");

    private TryItClient Client => factory.Services.GetRequiredService<TryItClient>();

    /// <summary>Sends one call a second later than the last, so the demo's free plan (2 calls a second) never limits these tests.</summary>
    private Task<TryItResponse> SendAsync(TryItRequest request)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        return Client.SendAsync(request, Browser, CancellationToken.None);
    }

    private static TryItRequest Ping(string key, string slug = Analytics) => new(slug, "GET", "/v1/ping", key, None, None);

    private async Task<TryItForm> SeededFormAsync(string method, string path)
    {
        var page = await factory.Services.GetRequiredService<CatalogService>().GetPublishedAsync(Analytics, CancellationToken.None);
        return new TryItForm(page!.Endpoints.Single(e => e.Method == method && e.Path == path));
    }

    [Fact]
    public async Task A_ping_goes_through_the_gateway_with_the_given_key_and_returns_status_headers_and_body()
    {
        var response = await SendAsync(Ping(DemoSeedOptions.CustomerApiKey));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        var requestId = Assert.Single(response.Headers, h => h.Key == "X-Request-Id").Value;
        Assert.Equal(requestId, body.RootElement.GetProperty("requestId").GetString());
        Assert.Contains(response.Headers, h => h.Key == "RateLimit-Limit");
        Assert.Contains(response.Headers, h => h.Key == "RateLimit-Remaining");
        Assert.Contains("\n  \"status\": \"ok\"", response.Body, StringComparison.Ordinal);
        Assert.False(response.Truncated);
    }

    [Fact]
    public async Task An_unknown_key_gets_the_gateways_401_problem_pretty_printed()
    {
        var response = await SendAsync(Ping("tv_live_nosuchkey_0000000000000000000000000000"));

        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("\n  \"title\": \"Missing or invalid API key\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seeded_forecast_example_is_sent_as_json_and_forecasts()
    {
        var form = await SeededFormAsync("POST", "/v1/forecast");
        Assert.Equal("application/json", form.ContentType);

        var response = await SendAsync(form.ToRequest(Analytics, DemoSeedOptions.CustomerApiKey));

        Assert.Equal(200, response.Status);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal(6, body.RootElement.GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task The_seeded_profile_example_is_sent_as_csv_and_profiled()
    {
        var form = await SeededFormAsync("POST", "/v1/profile");
        Assert.Equal("text/csv", form.ContentType);
        Assert.StartsWith("month,visits,signups", form.Body, StringComparison.Ordinal);

        var response = await SendAsync(form.ToRequest(Analytics, DemoSeedOptions.CustomerApiKey));

        Assert.Equal(200, response.Status);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal(6, body.RootElement.GetProperty("rows").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/v1/secret")]
    [InlineData("DELETE", "/v1/ping")]
    [InlineData("GET", "/v1/ping/../../admin")]
    public async Task A_call_the_listing_does_not_declare_is_refused_before_the_gateway(string method, string path)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            SendAsync(new TryItRequest(Analytics, method, path, DemoSeedOptions.CustomerApiKey, None, None)));

        Assert.Contains("Path", refused.Errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAPL/../../admin")]
    [InlineData("..")]
    public async Task A_path_parameter_must_be_one_filled_segment(string symbol)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new TryItRequest(
            "stockpulse-market-data", "GET", "/quotes/{symbol}", DemoSeedOptions.CustomerApiKey, new Dictionary<string, string> { ["symbol"] = symbol }, None)));

        Assert.Contains("path.symbol", refused.Errors.Keys);
    }

    [Fact]
    public async Task A_query_parameter_the_endpoint_does_not_declare_is_refused()
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(
            new TryItRequest(Analytics, "GET", "/v1/ping", DemoSeedOptions.CustomerApiKey, None, new Dictionary<string, string> { ["debug"] = "1" })));

        Assert.Contains("query.debug", refused.Errors.Keys);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_or_a_missing_key_is_refused()
    {
        var body = new string('1', TryItClient.MaxBodyBytes + 1);
        var tooLarge = await Assert.ThrowsAsync<InvalidInputException>(() =>
            SendAsync(new TryItRequest(Analytics, "POST", "/v1/forecast", DemoSeedOptions.CustomerApiKey, None, None, body, "application/json")));
        var noKey = await Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(Ping(" ")));

        Assert.Contains("Body", tooLarge.Errors.Keys);
        Assert.Contains("ApiKey", noKey.Errors.Keys);
    }

    [Fact]
    public async Task A_third_party_call_is_forwarded_to_the_upstream_with_its_path_and_query()
    {
        var (slug, key) = await ArrangeThirdPartyAsync();

        var response = await SendAsync(new TryItRequest(slug, "GET", "/items/{id}", key,
            new Dictionary<string, string> { ["id"] = "42 b" }, new Dictionary<string, string> { ["q"] = "a&b" }));

        Assert.Equal(200, response.Status);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal("GET", body.RootElement.GetProperty("method").GetString());
        Assert.Equal("/items/42%20b?q=a%26b", body.RootElement.GetProperty("pathAndQuery").GetString());
        Assert.False(body.RootElement.GetProperty("headers").TryGetProperty("X-Api-Key", out _));
    }

    [Theory]
    [InlineData(200, "json")]
    [InlineData(404, "json")]
    [InlineData(500, "text")]
    [InlineData(503, "html")]
    public async Task A_third_party_answer_of_declared_length_is_shown_whole(int status, string type)
    {
        var (slug, key) = await ArrangeThirdPartyAsync();

        var response = await SendAsync(new TryItRequest(slug, "GET", "/declared/{code}/{type}", key,
            new Dictionary<string, string> { ["code"] = $"{status}", ["type"] = type }, None));

        Assert.Equal(status, response.Status);
        var (contentType, text) = LocalUpstream.DeclaredBody(type);
        Assert.Equal(contentType, response.ContentType);
        if (type == "json")
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(response.Body)), response.Body);
        }
        else
        {
            Assert.Equal(text, response.Body);
        }
    }

    [Fact]
    public async Task A_binary_answer_is_shown_as_its_size()
    {
        var (slug, key) = await ArrangeThirdPartyAsync();

        var response = await SendAsync(new TryItRequest(slug, "GET", "/sized", key, None, None));

        Assert.Equal(200, response.Status);
        Assert.Equal("(binary answer, 1,234 bytes)", response.Body);
    }

    [Fact]
    public async Task An_upstream_that_does_not_answer_in_time_gets_the_gateways_504()
    {
        var (slug, key) = await ArrangeThirdPartyAsync();

        var response = await SendAsync(new TryItRequest(slug, "GET", "/slow", key, None, None));

        Assert.Equal(504, response.Status);
        Assert.Contains("Upstream timed out", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Try_it_waits_longer_than_the_gateway_waits_for_an_upstream()
    {
        var gateway = new UpstreamOptions { Timeout = TimeSpan.FromMinutes(2) };

        var client = new TryItClient(factory.Services.GetRequiredService<CatalogService>(), factory.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(gateway), NullLogger<TryItClient>.Instance);

        Assert.True(client.Timeout > gateway.Timeout, $"{client.Timeout} is not longer than {gateway.Timeout}");
    }

    [Fact]
    public async Task A_declared_header_parameter_is_offered_sent_and_in_the_code_unless_the_gateway_drops_it()
    {
        var (slug, key) = await ArrangeThirdPartyAsync();
        var page = await factory.Services.GetRequiredService<CatalogService>().GetPublishedAsync(slug, CancellationToken.None);
        var form = new TryItForm(page!.Endpoints.Single(e => e.Path == "/headers"));

        var header = Assert.Single(form.Parameters, p => p.In == "header");
        Assert.Equal("Accept-Language", header.Name);
        Assert.True(header.Required);
        Assert.Equal("de", form.Values[new("header", "Accept-Language")]);
        Assert.Equal(["X-Tenant"], form.UnsentHeaders);
        Assert.Equal([KeyValuePair.Create("Accept-Language", "de")], form.ToSnippet(slug).Headers);
        var response = await SendAsync(form.ToRequest(slug, key));

        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal("de", body.RootElement.GetProperty("headers").GetProperty("Accept-Language").GetString());
    }

    [Theory]
    [InlineData("Accept-Language", "")]
    [InlineData("Accept-Language", "de\r\nX-Injected: 1")]
    [InlineData("X-Tenant", "acme")]
    public async Task A_header_must_be_a_declared_forwarded_one_filled_when_required_on_one_line(string name, string value)
    {
        var (slug, key) = await ArrangeThirdPartyAsync();
        var headers = new Dictionary<string, string> { ["Accept-Language"] = "de", [name] = value };

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => SendAsync(new TryItRequest(slug, "GET", "/headers", key, None, None, Headers: headers)));

        Assert.Contains($"header.{name}", refused.Errors.Keys);
    }

    [Fact]
    public async Task The_upstream_is_told_of_the_browser_as_of_a_call_made_from_it()
    {
        var (slug, key) = await ArrangeThirdPartyAsync();

        var response = await SendAsync(new TryItRequest(slug, "GET", "/items/{id}", key, new Dictionary<string, string> { ["id"] = "1" }, None));

        using var body = JsonDocument.Parse(response.Body);
        var headers = body.RootElement.GetProperty("headers");
        Assert.Equal("203.0.113.7", headers.GetProperty("X-Forwarded-For").GetString());
        Assert.Equal("https", headers.GetProperty("X-Forwarded-Proto").GetString());
        Assert.Equal("market.example", headers.GetProperty("X-Forwarded-Host").GetString());
        Assert.Equal("Mozilla/5.0 (Try it tests)", headers.GetProperty("User-Agent").GetString());
    }

    /// <summary>A published listing on the local upstream with /items/{id}?q, the demo customer subscribed, and a test key.</summary>
    private async Task<(string Slug, string Key)> ArrangeThirdPartyAsync()
    {
        const string document = """
            openapi: 3.0.3
            info: { title: Items, version: 1.0.0 }
            paths:
              /items/{id}:
                get:
                  parameters:
                    - { name: id, in: path, required: true, schema: { type: string } }
                    - { name: q, in: query, schema: { type: string } }
                  responses: { '200': { description: OK } }
              /declared/{code}/{type}:
                get:
                  parameters:
                    - { name: code, in: path, required: true, schema: { type: integer } }
                    - { name: type, in: path, required: true, schema: { type: string } }
                  responses: { '200': { description: OK } }
              /sized:
                get:
                  responses: { '200': { description: OK } }
              /slow:
                get:
                  responses: { '200': { description: OK } }
              /headers:
                get:
                  parameters:
                    - { name: Accept-Language, in: header, required: true, example: de, schema: { type: string } }
                    - { name: X-Tenant, in: header, schema: { type: string } }
                  responses: { '200': { description: OK } }
            """;
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan(), testKey: true, document);
        return (arranged.Slug, arranged.Key);
    }
}
