using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Caching;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Redis;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Redis;

/// <summary>Two nodes on one database and one Redis server; each node's clock stands still, so no cached entry expires.</summary>
public sealed class RedisCacheInvalidationTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private CoreTestHost nodeA = null!;
    private CoreTestHost nodeB = null!;

    public async Task InitializeAsync()
    {
        nodeA = CoreTestHost.Node(services => services.AddTrustVaultRedis(redis.Configuration));
        await nodeA.InitializeAsync();
        nodeB = CoreTestHost.Node(services => services.AddTrustVaultRedis(redis.Configuration), sharedWith: nodeA);
        await nodeB.InitializeAsync();
        await WaitUntilBHearsAAsync();
    }

    public async Task DisposeAsync()
    {
        await nodeB.DisposeAsync();
        await nodeA.DisposeAsync();
    }

    [Fact]
    public async Task A_key_revoked_on_one_node_is_refused_on_the_other_without_waiting_for_the_cache_to_expire()
    {
        var user = await nodeA.AddUserAsync("dev@example.com");
        var organization = await nodeA.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var issued = await nodeA.Get<ApiKeyService>().CreateAsync(user.Id, organization, "ci", null, isTest: false, CancellationToken.None);
        Assert.True(ApiKeyFormat.TryParse(issued.Secret, out _, out var keyId, out _));
        var cacheOnB = nodeB.Get<ApiKeyCache>();
        Assert.True((await cacheOnB.FindAsync(keyId, CancellationToken.None))!.IsUsable(nodeB.Clock.GetUtcNow()));

        await nodeA.Get<ApiKeyService>().RevokeAsync(user.Id, organization, issued.Key.Id, CancellationToken.None);

        // Node B's clock stands still, so only the invalidation node A published can end the cached entry. How fast it
        // arrives is a figure for bench/, not for a test on a loaded machine: the wait is generous.
        var waited = Stopwatch.StartNew();
        while ((await cacheOnB.FindAsync(keyId, CancellationToken.None))!.IsUsable(nodeB.Clock.GetUtcNow()))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "Node B still accepts the key 30 s after node A revoked it.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task A_plan_switch_on_one_node_is_served_on_the_other_without_waiting_for_the_cache_to_expire()
    {
        var tides = await nodeA.PublishTidesAsync(new PlanInput { Name = "Small", IncludedCallsPerMonth = 100 }, new PlanInput { Name = "Large", IncludedCallsPerMonth = 5000 });
        var (userId, organization, key) = await CustomerAsync();
        var subscription = await nodeA.Get<SubscriptionService>().SubscribeAsync(userId, organization, tides.PlanIds[0], CancellationToken.None);
        var accessOnB = nodeB.Get<GatewayAccessResolver>();
        Assert.Equal(100, (await accessOnB.ResolveAsync(key, "tides", CancellationToken.None)).Subscription!.IncludedCalls);

        Assert.True(await nodeA.Get<SubscriptionService>().ChangePlanAsync(userId, organization, subscription.SubscriptionId, tides.PlanIds[1], CancellationToken.None));

        await WaitOnBAsync(async () => (await accessOnB.ResolveAsync(key, "tides", CancellationToken.None)).Subscription!.IncludedCalls == 5000);
    }

    [Fact]
    public async Task A_subscription_ended_by_any_save_on_one_node_is_refused_on_the_other()
    {
        var tides = await nodeA.PublishTidesAsync(new PlanInput { Name = "Small", IncludedCallsPerMonth = 100 });
        var (userId, organization, key) = await CustomerAsync();
        var subscription = await nodeA.Get<SubscriptionService>().SubscribeAsync(userId, organization, tides.PlanIds[0], CancellationToken.None);
        var accessOnB = nodeB.Get<GatewayAccessResolver>();
        Assert.True((await accessOnB.ResolveAsync(key, "tides", CancellationToken.None)).Granted);

        // As a Stripe event or a failed payment changes it: no service call of its own, only the save.
        await using (var db = await nodeA.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            var row = await db.Subscriptions.AcrossOrganizations().SingleAsync(s => s.Id == subscription.SubscriptionId);
            row.Status = SubscriptionStatus.Canceled;
            row.EndedAt = nodeA.Clock.GetUtcNow();
            await db.SaveChangesAsync();
        }

        await WaitOnBAsync(async () => (await accessOnB.ResolveAsync(key, "tides", CancellationToken.None)).Refusal == AccessRefusal.NoSubscription);
    }

    [Fact]
    public async Task A_listing_change_on_one_node_reaches_every_cached_access_on_the_other()
    {
        var tides = await nodeA.PublishTidesAsync(new PlanInput { Name = "Small", IncludedCallsPerMonth = 100 });
        var (userId, organization, key) = await CustomerAsync();
        await nodeA.Get<SubscriptionService>().SubscribeAsync(userId, organization, tides.PlanIds[0], CancellationToken.None);
        var accessOnB = nodeB.Get<GatewayAccessResolver>();
        Assert.Equal("https://tides.example.com", (await accessOnB.ResolveAsync(key, "tides", CancellationToken.None)).Listing!.UpstreamBaseUrl);

        await using (var db = await nodeA.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            var listing = await db.Listings.AcrossOrganizations().SingleAsync(l => l.Id == tides.ListingId);
            listing.UpstreamBaseUrl = "https://tides-v2.example.com";
            await db.SaveChangesAsync();
        }

        await WaitOnBAsync(async () => (await accessOnB.ResolveAsync(key, "tides", CancellationToken.None)).Listing!.UpstreamBaseUrl == "https://tides-v2.example.com");
    }

    [Fact]
    public async Task A_listing_suspended_on_one_node_is_no_longer_found_by_search_on_the_other()
    {
        var tides = await nodeA.PublishTidesAsync(new PlanInput { Name = "Small", IncludedCallsPerMonth = 100 });
        // Published directly in the database: node B's index holds it once built, as at B's start.
        await nodeB.Get<CatalogIndexer>().RebuildAsync(CancellationToken.None);
        var catalogOnB = nodeB.Get<CatalogService>();
        Assert.Equal(1, catalogOnB.Search(new CatalogQuery { Text = "tides" }).Total);
        var admin = await nodeA.AddAdminAsync("admin@example.com");

        await nodeA.Get<ListingModerationService>().SuspendAsync(admin, tides.ListingId, "Serves stale data.", CancellationToken.None);

        await WaitOnBAsync(() => Task.FromResult(catalogOnB.Search(new CatalogQuery { Text = "tides" }).Total == 0));
        Assert.DoesNotContain(catalogOnB.Suggest("tid", CatalogSearchIndex.MaxSuggestions), s => s.Text == "Tides");
    }

    [Fact]
    public async Task A_listing_suspended_while_Redis_was_away_is_no_longer_found_by_search_on_the_other_node_once_it_is_back()
    {
        var tides = await nodeA.PublishTidesAsync(new PlanInput { Name = "Small", IncludedCallsPerMonth = 100 });
        await nodeB.Get<CatalogIndexer>().RebuildAsync(CancellationToken.None);
        var catalogOnB = nodeB.Get<CatalogService>();
        Assert.Equal(1, catalogOnB.Search(new CatalogQuery { Text = "tides" }).Total);
        var admin = await nodeA.AddAdminAsync("admin@example.com");

        // The invalidation node A publishes reaches nobody: node B never hears of the suspension from Redis.
        await redis.StopAsync();
        await nodeA.Get<ListingModerationService>().SuspendAsync(admin, tides.ListingId, "Serves stale data.", CancellationToken.None);
        await redis.StartAsync();

        await WaitOnBAsync(() => Task.FromResult(catalogOnB.Search(new CatalogQuery { Text = "tides" }).Total == 0));
    }

    /// <summary>A customer of its own with a live key, made on node A.</summary>
    private async Task<(string UserId, Guid OrganizationId, string Key)> CustomerAsync()
    {
        var user = await nodeA.AddUserAsync($"customer-{Guid.NewGuid():N}@example.com");
        var organization = await nodeA.Get<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var issued = await nodeA.Get<ApiKeyService>().CreateAsync(user.Id, organization, "server", null, isTest: false, CancellationToken.None);
        return (user.Id, organization, issued.Secret);
    }

    /// <summary>
    /// Waits until an invalidation published on node A reaches node B. Each node connects to Redis in the background (the
    /// connection does not abort on a slow connect), and on a loaded machine that takes longer than its 2 s connect
    /// timeout: until then a publication or subscription fails as in an outage, which the tests here are not about.
    /// </summary>
    private async Task WaitUntilBHearsAAsync()
    {
        const string Probe = "connection-probe";
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nodeB.Get<ICacheInvalidations>().Register(Probe, _ => heard.TrySetResult(), () => { });
        var waited = Stopwatch.StartNew();
        while (!heard.Task.IsCompleted)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "Node B heard no invalidation from node A within 60 s of starting.");
            nodeA.Get<ICacheInvalidations>().Invalidate(Probe, "any");
            await Task.WhenAny(heard.Task, Task.Delay(100));
        }
    }

    /// <summary>Node B's clock stands still, so only an invalidation node A published can change what it serves; the wait is generous.</summary>
    private static async Task WaitOnBAsync(Func<Task<bool>> changed)
    {
        var waited = Stopwatch.StartNew();
        while (!await changed())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "Node B still serves what node A changed 30 s ago.");
            await Task.Delay(10);
        }
    }
}
