using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog.Search;

/// <summary>Suggestions and related listings read the index, which the indexer fills from the database: published listings only.</summary>
public sealed class CatalogPublishedOnlyTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private readonly Dictionary<string, Guid> listings = [];

    private CatalogService Catalog => host.Get<CatalogService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        var first = await host.AddProviderAsync("first@example.com");
        var second = await host.AddProviderAsync("second@example.com");
        await AddAsync(first, "Tide Tables", ListingStatus.Published);
        await AddAsync(second, "Tide Charts", ListingStatus.Published);
        await AddAsync(second, "Tide Draft", ListingStatus.Draft);
        await AddAsync(second, "Tide Review", ListingStatus.InReview);
        await AddAsync(first, "Tide Suspended", ListingStatus.Suspended);
        await host.Get<CatalogIndexer>().RebuildAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private async Task AddAsync((string UserId, Guid OrganizationId) provider, string name, ListingStatus status)
    {
        var listingId = await host.Get<ListingService>().CreateAsync(provider.UserId, provider.OrganizationId, new ListingInput
        {
            Name = name,
            Slug = name.ToLowerInvariant().Replace(' ', '-'),
            Summary = "High and low water times for every harbour",
            Category = "Weather",
            UpstreamBaseUrl = "https://tides.example.com",
        }, CancellationToken.None);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        await db.Listings.Where(l => l.Id == listingId).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, status));
        listings[name] = listingId;
    }

    [Fact]
    public void Only_published_listings_are_suggested()
    {
        var names = Catalog.Suggest("tide", CatalogSearchIndex.MaxSuggestions).Where(s => s.Kind == CatalogSuggestionKind.Listing).Select(s => s.Text);

        Assert.Equal(["Tide Charts", "Tide Tables"], names.Order());
    }

    [Fact]
    public void Only_published_listings_are_related_and_never_the_listing_itself()
    {
        Assert.Equal(["Tide Charts"], Catalog.Related(listings["Tide Tables"], 10).Select(d => d.Name));
        Assert.Empty(Catalog.Related(listings["Tide Draft"], 10));
    }

    [Fact]
    public async Task A_listing_suspended_after_publication_leaves_suggestions_and_related_listings()
    {
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Listings.Where(l => l.Id == listings["Tide Charts"]).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.Suspended));
        }

        await host.Get<CatalogIndexer>().RefreshAsync(listings["Tide Charts"], CancellationToken.None);

        Assert.Empty(Catalog.Related(listings["Tide Tables"], 10));
        Assert.DoesNotContain(Catalog.Suggest("tide", CatalogSearchIndex.MaxSuggestions), s => s.Text == "Tide Charts");
    }
}
