using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Redis;

namespace TrustVault.Tests.Gateway;

/// <summary>What every <see cref="IQuotaReservations"/> store must do, whichever backs it (on a SQLite file unless told).</summary>
public abstract class QuotaReservationsContract(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    protected static readonly BillingPeriod Period = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Guid subscription = Guid.NewGuid();

    protected CoreTestHost Host { get; } = CoreTestHost.On(provider);

    protected abstract IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts);

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();

    private IQuotaReservations Create() => Create(Host.Get<IDbContextFactory<TrustVaultDbContext>>());

    [Fact]
    public async Task Parallel_reservations_never_pass_the_cap()
    {
        var quotas = Create();

        var reservations = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => quotas.TryReserveAsync(subscription, Period, 50, CancellationToken.None))));

        Assert.Equal(50, reservations.Count(r => r.Granted));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), reservations.Where(r => r.Granted).Select(r => r.Used).Order());
        Assert.All(reservations.Where(r => !r.Granted), r => Assert.Equal(50, r.Used));
        Assert.Equal(50, await quotas.GetUsedAsync(subscription, Period, CancellationToken.None));
    }

    [Fact]
    public async Task A_released_unit_can_be_reserved_again()
    {
        var quotas = Create();
        Assert.True((await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None)).Granted);
        Assert.False((await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None)).Granted);

        await quotas.ReleaseAsync(subscription, Period.Start);

        Assert.Equal(0, await quotas.GetUsedAsync(subscription, Period, CancellationToken.None));
        Assert.Equal(new QuotaReservation(true, 1), await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_cap_every_call_reserves_and_counts()
    {
        var quotas = Create();
        await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None);

        Assert.Equal(new QuotaReservation(true, 2), await quotas.TryReserveAsync(subscription, Period, null, CancellationToken.None));
        await quotas.AddAsync(subscription, Period.Start, 3);
        Assert.Equal(5, await quotas.GetUsedAsync(subscription, Period, CancellationToken.None));
    }

    [Fact]
    public async Task Counts_start_from_the_billable_calls_stored()
    {
        await using (var db = await Host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.UsageEvents.AddRange(Enumerable.Range(0, 3).Select(i => new UsageEvent
            {
                RequestId = Guid.NewGuid().ToString("N"),
                At = Period.Start.AddHours(i),
                OrganizationId = Guid.NewGuid(),
                SubscriptionId = subscription,
                ApiKeyId = Guid.NewGuid(),
                Method = "GET",
                Route = "/x/y",
                Status = 200,
            }));
            await db.SaveChangesAsync();
        }

        var quotas = Create();

        Assert.Equal(new QuotaReservation(false, 3), await quotas.TryReserveAsync(subscription, Period, 3, CancellationToken.None));
        Assert.Equal(new QuotaReservation(true, 4), await quotas.TryReserveAsync(subscription, Period, 4, CancellationToken.None));
    }
}

public sealed class InProcessQuotaReservationsTests : QuotaReservationsContract
{
    protected override IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts) => new InProcessQuotaReservations(contexts);
}

/// <summary>The database store on a real SQLite file and a real PostgreSQL database, where each node is an instance of its own.</summary>
public abstract class DatabaseQuotaReservationsTests(DatabaseProvider provider) : QuotaReservationsContract(provider)
{
    protected override IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts) => Node(contexts);

    private DatabaseQuotaReservations Node(IDbContextFactory<TrustVaultDbContext> contexts) =>
        new(contexts, Host.Clock, NullLogger<DatabaseQuotaReservations>.Instance);

    [Fact]
    public async Task Concurrent_reservations_from_two_instances_grant_exactly_the_cap()
    {
        var contexts = Host.Get<IDbContextFactory<TrustVaultDbContext>>();
        var subscription = Guid.NewGuid();
        await CommitBillableCallsAsync(subscription, 10);
        var nodeA = Node(contexts);
        // The second node starts later, so the counter the first one made was counted before it started.
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        var nodeB = Node(contexts);

        var reservations = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
            (i % 2 == 0 ? nodeA : nodeB).TryReserveAsync(subscription, Period, 50, CancellationToken.None))));

        Assert.Equal(40, reservations.Count(r => r.Granted));
        Assert.Equal(Enumerable.Range(11, 40).Select(i => (long)i), reservations.Where(r => r.Granted).Select(r => r.Used).Order());
        Assert.All(reservations.Where(r => !r.Granted), r => Assert.Equal(50, r.Used));
        Assert.Equal(50, await nodeA.GetUsedAsync(subscription, Period, CancellationToken.None));
        Assert.Equal(50, await nodeB.GetUsedAsync(subscription, Period, CancellationToken.None));
    }

    [Fact]
    public async Task A_later_node_counts_the_units_an_earlier_one_has_reserved_but_not_stored()
    {
        var contexts = Host.Get<IDbContextFactory<TrustVaultDbContext>>();
        var subscription = Guid.NewGuid();
        var nodeA = Node(contexts);
        for (var call = 0; call < 3; call++)
        {
            Assert.True((await nodeA.TryReserveAsync(subscription, Period, 4, CancellationToken.None)).Granted);
        }

        await CommitBillableCallsAsync(subscription, 2);
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        var nodeB = Node(contexts);

        Assert.Equal(new QuotaReservation(true, 4), await nodeB.TryReserveAsync(subscription, Period, 4, CancellationToken.None));
        Assert.Equal(new QuotaReservation(false, 4), await nodeA.TryReserveAsync(subscription, Period, 4, CancellationToken.None));
    }

    [Fact]
    public async Task A_counter_made_in_an_earlier_fallback_counts_the_calls_served_through_redis_since()
    {
        var nodeA = Node(Host.Get<IDbContextFactory<TrustVaultDbContext>>());
        var subscription = Guid.NewGuid();
        // Node A fell back for a moment (Redis slow to answer): its counter holds the one call it reserved then.
        Assert.True((await nodeA.TryReserveAsync(subscription, Period, 10, CancellationToken.None)).Granted);
        await CommitBillableCallsAsync(subscription, 1);
        // Meanwhile the other nodes served five calls through Redis, now stored; then Redis went away for every node.
        await CommitBillableCallsAsync(subscription, 5);

        var reservations = new List<QuotaReservation>();
        for (var call = 0; call < 6; call++)
        {
            reservations.Add(await nodeA.TryReserveAsync(subscription, Period, 10, CancellationToken.None));
        }

        Assert.Equal([7, 8, 9, 10], reservations.Where(r => r.Granted).Select(r => r.Used));
    }

    [Fact]
    public async Task A_reservation_counts_at_least_the_number_redis_last_gave()
    {
        var quotas = Node(Host.Get<IDbContextFactory<TrustVaultDbContext>>());
        var subscription = Guid.NewGuid();

        Assert.Equal(new QuotaReservation(true, 8), await quotas.TryReserveAsync(subscription, Period, 8, atLeast: 7, CancellationToken.None));
        Assert.Equal(new QuotaReservation(false, 8), await quotas.TryReserveAsync(subscription, Period, 8, atLeast: 7, CancellationToken.None));
        await quotas.ReleaseAsync(subscription, Period.Start);
        Assert.Equal(new QuotaReservation(true, 8), await quotas.TryReserveAsync(subscription, Period, 8, atLeast: 7, CancellationToken.None));
    }

    [Fact]
    public async Task Nodes_falling_back_at_once_share_one_counter_without_logging_an_error()
    {
        var contexts = Host.Get<IDbContextFactory<TrustVaultDbContext>>();
        var subscription = Guid.NewGuid();
        await CommitBillableCallsAsync(subscription, 10);
        var nodes = Enumerable.Range(0, 4).Select(_ => Node(contexts)).ToList();
        var reservations = new QuotaReservation[nodes.Count];
        var logs = new CapturingLoggerProvider();
        Host.Get<ILoggerFactory>().AddProvider(logs);

        await AllAtOnce.RefusalsAsync([.. nodes.Select((node, i) => (Func<Task>)(async () =>
            reservations[i] = await node.TryReserveAsync(subscription, Period, 50, CancellationToken.None)))]);

        Assert.Equal(Enumerable.Range(11, nodes.Count).Select(i => (long)i), reservations.Select(r => r.Used).Order());
        // Each node makes the counter it finds missing; all but one find it made meanwhile, which is no error.
        Assert.Empty(logs.ErrorsAfter(0));
    }

    private async Task CommitBillableCallsAsync(Guid subscription, int calls)
    {
        await using var db = await Host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
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

    public sealed class OnSqlite() : DatabaseQuotaReservationsTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : DatabaseQuotaReservationsTests(DatabaseProvider.PostgreSql);
}

public sealed class RedisQuotaReservationsTests(RedisServer redis) : QuotaReservationsContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisNodes nodes = new(redis);

    protected override IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts) => nodes.Reservations(contexts, Host.Clock);

    public void Dispose() => nodes.Dispose();
}
