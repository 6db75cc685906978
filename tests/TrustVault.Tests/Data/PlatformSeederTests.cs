using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Data;

/// <summary>What every database gets at start, demo data or not, on a SQLite database of each test's own.</summary>
public sealed class PlatformSeederTests : IAsyncLifetime
{
    private static readonly string[] FirstPartySlugs = ["ai-analytics", "business-intelligence", "privacy-analytics", "onchain-analytics"];
    private readonly CoreTestHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task<TrustVaultDbContext> DbAsync() => await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    /// <summary>Every row the seed writes, so that two seeds can be compared.</summary>
    private async Task<string[]> SeededRowsAsync()
    {
        await using var db = await DbAsync();
        var roles = await db.Roles.Select(r => $"role {r.Id} {r.Name}").ToListAsync();
        var organizations = await db.Organizations.Select(o => $"organization {o.Id} {o.Name}").ToListAsync();
        var listings = await db.Listings.AcrossOrganizations().Select(l => $"listing {l.Id} {l.Slug} {l.Name} {l.Status}").ToListAsync();
        var plans = await db.Plans.Select(p => $"plan {p.Id} {p.Name}").ToListAsync();
        return [.. roles.Concat(organizations).Concat(listings).Concat(plans).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_new_database_gets_the_admin_role_and_the_first_party_listings_published_by_the_platform_organization()
    {
        Assert.True(await host.Get<PlatformSeeder>().SeedAsync(CancellationToken.None));

        await using var db = await DbAsync();
        Assert.Equal([PlatformRoles.Admin], await db.Roles.Select(r => r.Name).ToListAsync());
        var platform = await db.Organizations.SingleAsync();
        Assert.Equal((PlatformOrganization.Id, PlatformOrganization.Name, true), (platform.Id, platform.Name, platform.IsProvider));
        var listings = await db.Listings.ForOrganization(PlatformOrganization.Id).Include(l => l.Plans).ToListAsync();
        Assert.Equal(FirstPartySlugs.Order(), listings.Select(l => l.Slug).Order());
        Assert.All(listings, l => Assert.True(l.IsFirstParty && l.Status == ListingStatus.Published && l.PublishedAt == host.Clock.GetUtcNow() && l.Plans.Count >= 2));
    }

    [Fact]
    public async Task A_second_start_changes_nothing_and_keeps_what_an_administrator_changed()
    {
        await host.Get<PlatformSeeder>().SeedAsync(CancellationToken.None);
        await using (var db = await DbAsync())
        {
            var listing = await db.Listings.AcrossOrganizations().SingleAsync(l => l.Slug == "onchain-analytics");
            listing.Status = ListingStatus.Suspended;
            listing.Name = "On-Chain Insights";
            await db.SaveChangesAsync();
        }

        var before = await SeededRowsAsync();

        Assert.False(await host.Get<PlatformSeeder>().SeedAsync(CancellationToken.None));
        Assert.Equal(before, await SeededRowsAsync());
        Assert.Contains(before, row => row.EndsWith("onchain-analytics On-Chain Insights Suspended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Instances_starting_together_on_a_new_database_seed_it_once()
    {
        var seeder = host.Get<PlatformSeeder>();

        using var start = new Barrier(3);
        var seeded = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return seeder.SeedAsync(CancellationToken.None);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()));

        Assert.Contains(true, seeded);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.Roles.CountAsync());
        Assert.Equal(1, await db.Organizations.CountAsync());
        Assert.Equal(FirstPartySlugs.Length, await db.Listings.AcrossOrganizations().CountAsync());
    }
}
