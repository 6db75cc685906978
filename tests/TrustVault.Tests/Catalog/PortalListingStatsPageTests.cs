using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Portal;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Catalog;

/// <summary>The provider portal's listing table reads the traffic of the listings on the page it shows, and of no others.</summary>
public sealed class PortalListingStatsPageTests : MudBunitContext, IAsyncLifetime
{
    private readonly RecordedCommands commands = new();
    private readonly CoreTestHost host;

    public PortalListingStatsPageTests() => host = CoreTestHost.Node(commands.AddTo);

    public override async Task InitializeAsync()
    {
        await host.InitializeAsync();
        Services.AddSingleton(host.Get<ListingService>());
        Services.AddSingleton(host.Get<UsageService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    [Fact]
    public async Task The_second_page_shows_its_own_listings_traffic_read_for_those_listings_only()
    {
        var (ownerId, organizationId) = await host.AddProviderAsync("provider@example.com");
        // Changed a minute apart: the latest changed first, so page 1 holds 30 to 21 and page 2 holds 20 to 11.
        var listings = await AddListingsAsync(organizationId, 30);
        await AddCallsAsync(listings[14], (200, 100), (200, 100), (500, 300));
        await AddCallsAsync(listings[24], (200, 5), (200, 5), (200, 5), (200, 5), (200, 5));

        commands.Clear();
        var page = RenderAs<PortalIndex>(ownerId);
        page.WaitForAssertion(() => Assert.Contains("Mine 30", page.Find("[data-testid=provider-listings]").TextContent, StringComparison.Ordinal));
        await page.InvokeAsync(() => page.FindComponent<MudDataGrid<ListingSummary>>().Instance.NavigateTo(Page.Next));

        page.WaitForAssertion(() => Assert.Equal(["0", "3", "1", "100 / 300 ms"], Cells(page, "Mine 15")[4..8]));
        Assert.Equal(["0", "0", "0", "–"], Cells(page, "Mine 11")[4..8]);
        // The calls read: of the first page's listings while it was shown, then of the second's, never of all thirty.
        var asked = commands.All.Where(c => c.Sql.Contains("FROM \"UsageEvents\"", StringComparison.Ordinal))
            .Select(c => listings.Where(id => c.Values.Any(v => v.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase))).Order().ToList())
            .ToList();
        List<Guid> first = [.. listings[20..30].Order()], second = [.. listings[10..20].Order()];
        Assert.All(asked, ids => Assert.True(ids.SequenceEqual(first) || ids.SequenceEqual(second), $"Calls were read for {ids.Count} listings."));
        Assert.Equal(second, asked[^1]);
    }

    private static List<string> Cells(IRenderedComponent<PortalIndex> page, string listing) =>
        [.. page.FindAll("[data-testid=provider-listings] tbody tr").Single(r => r.TextContent.Contains(listing, StringComparison.Ordinal))
            .QuerySelectorAll("td").Select(c => c.TextContent.Trim())];

    /// <summary>Listings named "Mine 01" and on, changed a minute apart in that order; their ids in that order.</summary>
    private async Task<List<Guid>> AddListingsAsync(Guid organizationId, int count)
    {
        var ids = new List<Guid>();
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        for (var number = 1; number <= count; number++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            var listing = new Listing { OrganizationId = organizationId, Name = $"Mine {number:00}", Slug = $"listing-{Guid.NewGuid():N}"[..20], Status = ListingStatus.Draft };
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            ids.Add(listing.Id);
        }

        return ids;
    }

    /// <summary>A customer's calls to the listing an hour ago that its upstream answered.</summary>
    private async Task AddCallsAsync(Guid listingId, params (int Status, int LatencyMs)[] calls)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.UsageEvents.AddRange(calls.Select(call => new UsageEvent
        {
            RequestId = Guid.NewGuid().ToString("N"),
            At = host.Clock.GetUtcNow().AddHours(-1),
            OrganizationId = Guid.NewGuid(),
            ListingId = listingId,
            ApiKeyId = Guid.NewGuid(),
            Method = "GET",
            Route = "/tides",
            Status = call.Status,
            LatencyMs = call.LatencyMs,
        }));
        await db.SaveChangesAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await host.DisposeAsync();
    }
}
