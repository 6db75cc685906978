using System.Globalization;
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
    public async Task The_listing_page_and_its_catalog_card_show_the_seeded_uptime_over_30_days()
    {
        string expected;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            var listing = await db.Listings.Where(l => l.Slug == "skycast-weather").Select(l => l.Id).SingleAsync();
            var from = DateTimeOffset.UtcNow.AddDays(-30);
            var probes = await db.ListingHealthProbes.Where(p => p.ListingId == listing && p.At >= from).Select(p => p.Ok).ToListAsync();
            Assert.True(probes.Count > 700, "the demo seed keeps a month of hourly probes");
            var uptime = Math.Floor(1000.0 * probes.Count(ok => ok) / probes.Count) / 10;
            expected = $"Uptime {uptime.ToString("0.#", CultureInfo.InvariantCulture)}% (30 days)";
        }

        var browser = factory.CreateBrowser();
        var page = await browser.GetStringAsync("/catalog/skycast-weather");
        var catalog = await browser.GetStringAsync("/catalog?q=skycast");

        Assert.Contains(expected, page, StringComparison.Ordinal);
        Assert.Contains(expected, catalog, StringComparison.Ordinal);
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
