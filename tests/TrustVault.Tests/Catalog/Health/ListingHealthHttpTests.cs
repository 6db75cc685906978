using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Data;
using TrustVault.Tests.Gateway;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog.Health;

/// <summary>With the default settings: probes obey the gateway's address guard, and the listing page shows the health line.</summary>
[Collection(AppCollection.Name)]
public sealed class ListingHealthHttpTests(TrustVaultFactory factory, LocalUpstream upstream) : IClassFixture<TrustVaultFactory>, IClassFixture<LocalUpstream>
{
    [Fact]
    public async Task A_probe_of_a_loopback_upstream_is_refused_by_the_address_guard()
    {
        var prober = factory.Services.GetRequiredService<IListingHealthProber>();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => prober.GetStatusAsync(upstream.BaseAddress, CancellationToken.None));

        Assert.Contains("may not call", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listing_page_shows_uptime_over_30_days()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            var listing = await db.Listings.Where(l => l.Slug == "skycast-weather").Select(l => l.Id).SingleAsync();
            var at = DateTimeOffset.UtcNow.AddHours(-1);
            db.ListingHealthProbes.AddRange(
                new ListingHealthProbe { ListingId = listing, At = at, Ok = true, StatusCode = 200 },
                new ListingHealthProbe { ListingId = listing, At = at, Ok = false, Error = "Connection refused" });
            await db.SaveChangesAsync();
        }

        var page = await factory.CreateBrowser().GetStringAsync("/catalog/skycast-weather");

        Assert.Contains("Uptime 50% (30 days)", page, StringComparison.Ordinal);
    }
}

/// <summary>Where private upstreams are allowed (local development, these tests), a probe reaches a loopback upstream.</summary>
[Collection(AppCollection.Name)]
public sealed class ListingHealthProberTests(GatewayFactory factory, LocalUpstream upstream) : IClassFixture<GatewayFactory>, IClassFixture<LocalUpstream>
{
    [Fact]
    public async Task A_probe_of_an_allowed_upstream_returns_its_status()
    {
        var prober = factory.Services.GetRequiredService<IListingHealthProber>();

        Assert.Equal(200, await prober.GetStatusAsync(upstream.BaseAddress, CancellationToken.None));
    }
}
