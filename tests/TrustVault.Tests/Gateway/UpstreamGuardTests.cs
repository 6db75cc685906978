using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Errors;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

/// <summary>With the default settings (no private upstreams, https only), loopback upstreams are refused on save and on use.</summary>
[Collection(AppCollection.Name)]
public sealed class UpstreamGuardTests(MappedHostsFactory factory, LocalUpstream upstream) : IClassFixture<MappedHostsFactory>, IClassFixture<LocalUpstream>
{
    [Fact]
    public async Task A_provider_cannot_save_a_loopback_upstream()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var provider = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("provider@trustvault.dev"))!.Id;
        var organization = (await services.GetRequiredService<OrganizationService>().GetCurrentAsync(provider, CancellationToken.None))!.OrganizationId;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => services.GetRequiredService<ListingService>().CreateAsync(provider, organization, new ListingInput
        {
            Name = "Sneaky",
            Slug = "sneaky",
            Summary = "Points inside",
            Category = "Data",
            UpstreamBaseUrl = "https://127.0.0.1:8443/admin",
        }, CancellationToken.None));

        Assert.Contains("UpstreamBaseUrl", error.Errors.Keys);
    }

    [Fact]
    public async Task A_loopback_upstream_that_reached_the_database_is_refused_at_call_time()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            var provider = await db.Organizations.Where(o => o.Name == "Acme APIs").Select(o => o.Id).SingleAsync();
            var customer = await db.Organizations.Where(o => o.Name == "Globex Analytics").Select(o => o.Id).SingleAsync();
            var listing = new Listing
            {
                OrganizationId = provider,
                Name = "Legacy",
                Slug = "legacy-loopback",
                Summary = "Saved before the rule",
                Category = "Data",
                UpstreamBaseUrl = "http://127.0.0.1:9/",
                Status = ListingStatus.Published,
            };
            var plan = new Plan { Name = "Free", IncludedCallsPerMonth = 100, RateLimitPerSecond = 5, RateLimitPerMinute = 100 };
            listing.Plans.Add(plan);
            db.Listings.Add(listing);
            db.Subscriptions.Add(new Subscription { OrganizationId = customer, ListingId = listing.Id, PlanId = plan.Id, StartedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DemoSeedOptions.CustomerApiKey);
        var response = await client.GetAsync("/gw/legacy-loopback/anything");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("not allowed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_upstream_name_that_resolves_to_loopback_at_call_time_is_never_connected_to()
    {
        // The name passes the save check; only the connection, which resolves it again, can see where it leads.
        factory.Map("rebound.provider.example", IPAddress.Loopback, IPAddress.IPv6Loopback);
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, $"https://rebound.provider.example:{upstream.BaseAddress.Port}/", GatewayArrange.Plan());
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", arranged.Key);

        var response = await client.GetAsync($"/gw/{arranged.Slug}/echo");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, upstream.Served("/echo"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::7f00:1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("::ffff:0:7f00:1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00::1")]
    public async Task A_health_probe_refuses_to_connect_to_a_name_that_resolves_to_a_private_address_in_any_form(string address)
    {
        var host = $"h{Guid.NewGuid():N}.provider.example";
        factory.Map(host, IPAddress.Parse(address));
        var prober = factory.Services.GetRequiredService<IListingHealthProber>();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => prober.GetStatusAsync(new Uri($"https://{host}:{upstream.BaseAddress.Port}/"), CancellationToken.None));

        Assert.Contains("resolves only to addresses the gateway may not call", error.ToString(), StringComparison.Ordinal);
    }
}
