using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Caching;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Caching;

/// <summary>
/// What a node does when it may have missed invalidations: changes saved without one (as another node's are while this
/// node is cut off from Redis) reach the search index and the caches. The clock stands still, so no entry expires.
/// </summary>
public sealed class CacheResyncTests : IAsyncLifetime
{
    private readonly CoreTestHost host = CoreTestHost.On(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_resync_brings_the_search_index_and_the_key_cache_up_to_date_with_changes_whose_invalidations_were_missed()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Small", IncludedCallsPerMonth = 100 });
        await host.Get<CatalogIndexer>().RebuildAsync(CancellationToken.None);
        var user = await host.AddUserAsync("dev@example.com");
        var organization = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var issued = await host.Get<ApiKeyService>().CreateAsync(user.Id, organization, "ci", null, isTest: false, CancellationToken.None);
        Assert.True(ApiKeyFormat.TryParse(issued.Secret, out _, out var keyId, out _));
        var keys = host.Get<ApiKeyCache>();
        var catalog = host.Get<CatalogService>();
        Assert.True((await keys.FindAsync(keyId, CancellationToken.None))!.IsUsable(host.Clock.GetUtcNow()));
        Assert.Equal(1, catalog.Search(new CatalogQuery { Text = "tides" }).Total);

        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Listings.AcrossOrganizations().Where(l => l.Id == tides.ListingId).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.Suspended));
            await db.ApiKeys.AcrossOrganizations().Where(k => k.Id == issued.Key.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, host.Clock.GetUtcNow()));
        }

        Assert.True((await keys.FindAsync(keyId, CancellationToken.None))!.IsUsable(host.Clock.GetUtcNow()));
        Assert.Equal(1, catalog.Search(new CatalogQuery { Text = "tides" }).Total);

        ((InProcessCacheInvalidations)host.Get<ICacheInvalidations>()).Resync();

        Assert.False((await keys.FindAsync(keyId, CancellationToken.None))!.IsUsable(host.Clock.GetUtcNow()));
        // The index is read again in the background; the wait is generous for a loaded machine.
        var waited = Stopwatch.StartNew();
        while (catalog.Search(new CatalogQuery { Text = "tides" }).Total != 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The search index still finds the suspended listing 30 s after the resync.");
            await Task.Delay(10);
        }
    }
}
