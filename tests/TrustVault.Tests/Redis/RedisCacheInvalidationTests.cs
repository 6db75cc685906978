using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Redis;
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
}
