using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.RateLimiting;

namespace TrustVault.Tests.RateLimiting;

[Collection(AppCollection.Name)]
public sealed class AnonymousRateLimitTests(AnonymousRateLimitTests.TwoAnHourFactory factory)
    : IClassFixture<AnonymousRateLimitTests.TwoAnHourFactory>
{
    [Theory]
    // The three downloads count against one bucket per client, so each case has its own two addresses.
    [InlineData("/api/catalog/suggestions?q=skyc", "203.0.113.7", "203.0.113.8")]
    [InlineData("/catalog/skycast-weather/openapi.json", "203.0.113.11", "203.0.113.12")]
    [InlineData("/catalog/skycast-weather/openapi.yaml", "203.0.113.13", "203.0.113.14")]
    [InlineData("/catalog/skycast-weather/postman.json", "203.0.113.15", "203.0.113.16")]
    public async Task A_client_past_its_limit_gets_429_problem_with_retry_after_while_another_client_is_still_served(string path, string client, string other)
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(path, client)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(path, client)).StatusCode);

        var refused = await GetAsync(path, client);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Retry after", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(path, other)).StatusCode);
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:a:b:c:d", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    public void Clients_are_told_apart_by_ipv4_address_and_ipv6_network(string one, string other, bool same) =>
        Assert.Equal(same, ClientPartition.Of(IPAddress.Parse(one)) == ClientPartition.Of(IPAddress.Parse(other)));

    [Fact]
    public void A_burst_below_the_permits_refuses_to_start_and_names_the_section()
    {
        using var app = new TrustVaultFactory();
        using var configured = app.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimits:CatalogSuggestions:Permits", "10")
            .UseSetting("RateLimits:CatalogSuggestions:Burst", "5"));

        var error = Assert.ThrowsAny<Exception>(() => configured.CreateClient());

        Assert.Contains("RateLimits:CatalogSuggestions needs", error.ToString(), StringComparison.Ordinal);
    }

    // Through the proxy, as in production: the limit counts the client the proxy names, not the proxy.
    private Task<HttpResponseMessage> GetAsync(string path, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(PeerAddressFromHeader.Header, TwoAnHourFactory.Proxy);
        request.Headers.Add("X-Forwarded-For", client);
        return factory.CreateClient().SendAsync(request);
    }

    /// <summary>The app behind one proxy, taking two requests per client and policy and refilling one an hour: none comes back while a test runs.</summary>
    public sealed class TwoAnHourFactory : TrustVaultFactory
    {
        public const string Proxy = "10.0.0.5";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Transport:KnownProxies:0", Proxy);
            builder.UseSetting("RateLimits:CatalogSuggestions:Permits", "1");
            builder.UseSetting("RateLimits:CatalogSuggestions:Period", "01:00:00");
            builder.UseSetting("RateLimits:CatalogSuggestions:Burst", "2");
            builder.UseSetting("RateLimits:ListingDocuments:Permits", "1");
            builder.UseSetting("RateLimits:ListingDocuments:Period", "01:00:00");
            builder.UseSetting("RateLimits:ListingDocuments:Burst", "2");
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerAddressFromHeader>());
        }
    }
}
