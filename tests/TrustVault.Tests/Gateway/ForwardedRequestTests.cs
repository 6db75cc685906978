using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

/// <summary>
/// What a forwarded call carries to the upstream when it comes in over a real Kestrel server and connection, which decodes
/// the path once and removes plain dot segments.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ForwardedRequestTests(KestrelGatewayFactory factory, LocalUpstream upstream) : IClassFixture<KestrelGatewayFactory>, IClassFixture<LocalUpstream>
{
    private async Task<HttpResponseMessage> SendAsync(string pathAfterSlug, Action<HttpRequestMessage>? arrange = null)
    {
        factory.StartServer();
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, new Uri(upstream.BaseAddress, "/base/").ToString(), GatewayArrange.Plan());
        var server = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient();
        // Sent as written: HttpClient would otherwise unescape and remove dot segments itself.
        var uri = new Uri($"{server.TrimEnd('/')}/gw/{arranged.Slug}/{pathAfterSlug}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("X-Api-Key", arranged.Key);
        arrange?.Invoke(request);
        return await client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string>> ForwardedHeadersAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return echo.RootElement.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_allowed_customer_headers_reach_the_upstream_and_forwarding_headers_come_from_the_connection()
    {
        var response = await SendAsync("echo", request =>
        {
            request.Headers.Add("Cookie", ".AspNetCore.Identity.Application=session-secret");
            request.Headers.Add("Authorization", "Basic c2VjcmV0");
            request.Headers.Add("X-Forwarded-For", "10.9.8.7");
            request.Headers.Add("X-Forwarded-Host", "forged.example");
            request.Headers.Add("X-Forwarded-Proto", "gopher");
            request.Headers.Add("Forwarded", "for=10.9.8.7");
            request.Headers.Add("X-Internal-Debug", "on");
            request.Headers.Add("X-Request-Id", "customer-id-1");
            request.Headers.Add("Accept", "application/json");
            request.Headers.Add("Accept-Language", "de");
            request.Headers.Add("If-None-Match", "\"v1\"");
            request.Headers.Add("Range", "bytes=0-9");
            request.Headers.Add("User-Agent", "acme-client/2.1");
            request.Headers.Add("Idempotency-Key", "order-42");
        });

        var headers = await ForwardedHeadersAsync(response);
        Assert.All(["Cookie", "Authorization", "X-Api-Key", "Forwarded", "X-Internal-Debug"], name => Assert.False(headers.ContainsKey(name), $"{name} reached the upstream."));
        Assert.Equal("127.0.0.1", headers["X-Forwarded-For"]);
        Assert.Equal("http", headers["X-Forwarded-Proto"]);
        Assert.Equal(new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Authority, headers["X-Forwarded-Host"]);
        Assert.Equal("customer-id-1", headers["X-Request-Id"]);
        Assert.Equal("application/json", headers["Accept"]);
        Assert.Equal("de", headers["Accept-Language"]);
        Assert.Equal("\"v1\"", headers["If-None-Match"]);
        Assert.Equal("bytes=0-9", headers["Range"]);
        Assert.Equal("acme-client/2.1", headers["User-Agent"]);
        Assert.Equal("order-42", headers["Idempotency-Key"]);
    }

    [Fact]
    public async Task A_websocket_upgrade_is_forwarded_as_a_plain_call_without_its_upgrade_headers()
    {
        var response = await SendAsync("echo", request =>
        {
            request.Headers.Connection.Add("Upgrade");
            request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
            request.Headers.Add("Sec-WebSocket-Version", "13");
            request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        });

        var headers = await ForwardedHeadersAsync(response);
        Assert.All(["Upgrade", "Connection", "Sec-WebSocket-Key"], name => Assert.False(headers.ContainsKey(name), $"{name} reached the upstream."));
    }

    [Theory]
    [InlineData("..%5Cadmin")]
    [InlineData("items%5C..%5C..%5Cadmin")]
    [InlineData("items%5Cadmin")]
    [InlineData("..%2Fadmin")]
    [InlineData("items%2F..%2F..%2Fadmin")]
    [InlineData("%252e%252e/admin")]
    [InlineData("items/%252E%252E%252Fadmin")]
    [InlineData("%25252e%25252e/admin")]
    public async Task A_path_with_backslashes_or_encoded_dot_segments_gets_400_and_never_reaches_the_upstream(string path)
    {
        var response = await SendAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // The gateway's own refusal: shown in usage, neither billed nor taken from the quota.
        var requestId = response.Headers.GetValues(UpstreamSignature.RequestIdHeader).Single();
        await factory.UsageImportedAsync([response]);
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>().UsageEvents.AsNoTracking().SingleAsync(e => e.RequestId == requestId);
        Assert.Equal((400, false), (stored.Status, stored.IsBillable));
    }

    [Theory]
    [InlineData("items/a%2Fb", "/base/items/a%2Fb")]
    [InlineData("files/..hidden/v1.2", "/base/files/..hidden/v1.2")]
    [InlineData("items/%25", "/base/items/%25")]
    [InlineData("items/a%252Fb", "/base/items/a%252Fb")]
    [InlineData("items/caf%C3%A9/a:b@c,d", "/base/items/caf%C3%A9/a:b@c,d")]
    [InlineData("items/./x%2Fy", "/base/items/x%2Fy")]
    [InlineData("items/x?q=a%2Fb&r=%20", "/base/items/x?q=a%2Fb&r=%20")]
    public async Task A_path_that_stays_under_the_base_path_is_forwarded_as_sent(string path, string forwarded)
    {
        var response = await SendAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\"pathAndQuery\":\"{forwarded}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
