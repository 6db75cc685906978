using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Redis;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Redis;

/// <summary>Two nodes on one database and one Redis server, which these tests flush, kill and start again.</summary>
public sealed class RedisOutageTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly BillingPeriod Period = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CoreTestHost host = new();
    private readonly RedisNodes nodes = new(redis);
    private readonly Guid subscription = Guid.NewGuid();

    public Task InitializeAsync() => host.InitializeAsync();

    public async Task DisposeAsync()
    {
        nodes.Dispose();
        await host.DisposeAsync();
        // The next test finds Redis up whatever this one did to it.
        await redis.StopAsync();
        await redis.StartAsync();
    }

    private IDbContextFactory<TrustVaultDbContext> Contexts => host.Get<IDbContextFactory<TrustVaultDbContext>>();

    [Fact]
    public async Task A_hard_cap_holds_across_two_nodes_under_parallel_calls()
    {
        var nodeA = nodes.Reservations(Contexts, host.Clock);
        var nodeB = nodes.Reservations(Contexts, host.Clock);

        var reservations = await ReserveInParallelAsync([nodeA, nodeB], 600, cap: 50);

        Assert.Equal(50, reservations.Count(r => r.Granted));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), reservations.Where(r => r.Granted).Select(r => r.Used).Order());
        Assert.Equal(50, await nodeB.GetUsedAsync(subscription, Period, CancellationToken.None));
    }

    [Fact]
    public async Task Counts_lost_with_redis_are_counted_again_from_the_committed_calls()
    {
        var quotas = nodes.Reservations(Contexts, host.Clock);
        for (var call = 0; call < 5; call++)
        {
            Assert.True((await quotas.TryReserveAsync(subscription, Period, 6, CancellationToken.None)).Granted);
        }

        await CommitCallsAsync(4);
        await quotas.ReleaseAsync(subscription, Period.Start);
        await redis.FlushAllAsync();

        Assert.Equal(4, await quotas.GetUsedAsync(subscription, Period, CancellationToken.None));
        Assert.Equal(new QuotaReservation(true, 5), await quotas.TryReserveAsync(subscription, Period, 6, CancellationToken.None));
        Assert.Equal(new QuotaReservation(true, 6), await quotas.TryReserveAsync(subscription, Period, 6, CancellationToken.None));
        Assert.Equal(new QuotaReservation(false, 6), await quotas.TryReserveAsync(subscription, Period, 6, CancellationToken.None));
    }

    [Fact]
    public async Task While_redis_is_away_caps_hold_through_the_database_and_rate_limits_are_per_node_until_it_is_back()
    {
        var quotaNodes = new[] { nodes.Reservations(Contexts, host.Clock), nodes.Reservations(Contexts, host.Clock) };
        var limiterA = nodes.Limiter(host.Clock);
        var limiterB = nodes.Limiter(host.Clock);
        var limited = Guid.NewGuid();
        Assert.True((await limiterA.TryAcquireAsync(limited, 2, 2, CancellationToken.None)).Allowed);
        Assert.True((await limiterB.TryAcquireAsync(limited, 2, 2, CancellationToken.None)).Allowed);
        Assert.False((await limiterA.TryAcquireAsync(limited, 2, 2, CancellationToken.None)).Allowed);
        foreach (var quotas in quotaNodes)
        {
            Assert.True((await quotas.TryReserveAsync(subscription, Period, 20, CancellationToken.None)).Granted);
        }

        await CommitCallsAsync(2);

        await redis.StopAsync();
        var duringOutage = await ReserveInParallelAsync(quotaNodes, 200, cap: 20);

        Assert.Equal(18, duringOutage.Count(r => r.Granted));
        Assert.Equal(Enumerable.Range(3, 18).Select(i => (long)i), duringOutage.Where(r => r.Granted).Select(r => r.Used).Order());
        // Each node now limits on its own: a full bucket per node.
        Assert.Equal(new[] { true, true, false }, await TakeAsync(limiterA, limited, 3));
        Assert.Equal(new[] { true, true, false }, await TakeAsync(limiterB, limited, 3));

        await CommitCallsAsync(18);
        await redis.StartAsync();
        host.Clock.Advance(RedisConnection.RetryAfter);
        await WaitUntilConnectedAsync(quotaNodes.Length + 2);

        // Back on Redis, counted again from the calls stored: the cap still holds, and the nodes share one bucket again.
        Assert.Equal(new QuotaReservation(false, 20), await quotaNodes[0].TryReserveAsync(subscription, Period, 20, CancellationToken.None));
        Assert.Equal(new QuotaReservation(true, 21), await quotaNodes[1].TryReserveAsync(subscription, Period, 21, CancellationToken.None));
        Assert.Equal(new[] { true, true, false }, await TakeAsync(limiterA, limited, 3));
        Assert.Equal(new[] { false }, await TakeAsync(limiterB, limited, 1));
    }

    [Fact]
    public async Task A_node_that_falls_back_to_the_database_later_counts_the_calls_another_node_has_in_flight_there()
    {
        var nodeA = nodes.Reservations(Contexts, host.Clock);
        var nodeB = nodes.Reservations(Contexts, host.Clock);
        await redis.StopAsync();

        // Node A serves through the database first; its calls are in flight, none stored yet.
        for (var call = 0; call < 5; call++)
        {
            Assert.True((await nodeA.TryReserveAsync(subscription, Period, 8, CancellationToken.None)).Granted);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var onB = new List<QuotaReservation>();
        for (var call = 0; call < 5; call++)
        {
            onB.Add(await nodeB.TryReserveAsync(subscription, Period, 8, CancellationToken.None));
        }

        Assert.Equal([6, 7, 8], onB.Where(r => r.Granted).Select(r => r.Used));
    }

    [Fact]
    public async Task Dropping_the_quota_counts_fails_while_no_redis_server_is_connected()
    {
        // Had it returned quietly, a node would take Redis for back and drop the database's counters mid-outage.
        var connection = nodes.Connect(host.Clock);
        await redis.StopAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (connection.IsAvailable)
        {
            Assert.True(DateTime.UtcNow < deadline, "The connection did not notice within 30 s that Redis was gone.");
            await Task.Delay(50);
        }

        await Assert.ThrowsAsync<RedisConnectionException>(() => connection.DeleteKeysAsync("tv:quota:*"));
    }

    private async Task<QuotaReservation[]> ReserveInParallelAsync(IReadOnlyList<IQuotaReservations> stores, int calls, long cap) =>
        await Task.WhenAll(Enumerable.Range(0, calls).Select(i => Task.Run(() => stores[i % stores.Count].TryReserveAsync(subscription, Period, cap, CancellationToken.None))));

    private static async Task<bool[]> TakeAsync(ISubscriptionRateLimiter limiter, Guid subscription, int calls)
    {
        var allowed = new bool[calls];
        for (var call = 0; call < calls; call++)
        {
            allowed[call] = (await limiter.TryAcquireAsync(subscription, 2, 2, CancellationToken.None)).Allowed;
        }

        return allowed;
    }

    /// <summary>The usage events of calls served, as the metering writer commits them.</summary>
    private async Task CommitCallsAsync(int calls)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        db.UsageEvents.AddRange(Enumerable.Range(0, calls).Select(i => new UsageEvent
        {
            RequestId = Guid.NewGuid().ToString("N"),
            At = Period.Start.AddMinutes(i),
            OrganizationId = Guid.NewGuid(),
            SubscriptionId = subscription,
            ApiKeyId = Guid.NewGuid(),
            Method = "GET",
            Route = "/x/y",
            Status = 200,
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>Polls (no timing is asserted) until every connection of the test has reconnected on its own.</summary>
    private async Task WaitUntilConnectedAsync(int connections)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (nodes.Connected < connections)
        {
            Assert.True(DateTime.UtcNow < deadline, "The connections did not come back within 30 s.");
            await Task.Delay(50);
        }
    }
}
