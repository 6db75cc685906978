using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Redis;

namespace TrustVault.Tests.Gateway;

/// <summary>
/// What every <see cref="IGatewayLimits"/> must do, whichever stores back it (on a SQLite file). Rates of a few calls a
/// minute refill nothing while a test runs; the tokens remaining are not asserted, as the per-second bucket, on Redis's
/// clock, may refill between two calls on a loaded machine.
/// </summary>
public abstract class GatewayLimitsContract : IAsyncLifetime
{
    private static readonly BillingPeriod Period = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    protected CoreTestHost Host { get; } = CoreTestHost.On(DatabaseProvider.Sqlite);

    /// <summary>One node's limits step and the quota store it reserves in.</summary>
    protected abstract (IGatewayLimits Limits, IQuotaReservations Quotas) Create(IDbContextFactory<TrustVaultDbContext> contexts);

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();

    private (IGatewayLimits Limits, IQuotaReservations Quotas) Create() => Create(Host.Get<IDbContextFactory<TrustVaultDbContext>>());

    private static GatewaySubscription Subscription(long included = 1_000, bool hardCap = true, int perMinute = 1_000) =>
        new(Guid.NewGuid(), Period, included, hardCap, perMinute, perMinute);

    [Fact]
    public async Task A_call_past_the_rate_limit_takes_no_unit_of_the_quota()
    {
        var (limits, quotas) = Create();
        var subscription = Subscription(perMinute: 2);

        var first = await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None);
        var second = await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None);
        var refused = await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None);

        Assert.Equal([true, true, false], new[] { first, second, refused }.Select(d => d.Rate.Allowed));
        Assert.Equal([new QuotaReservation(true, 1), new QuotaReservation(true, 2), null], new[] { first.Quota, second.Quota, refused.Quota });
        Assert.Equal(2, await quotas.GetUsedAsync(subscription.Id, Period, CancellationToken.None));
    }

    [Fact]
    public async Task Reservations_stop_at_the_hard_cap_and_reads_take_nothing()
    {
        var (limits, quotas) = Create();
        var subscription = Subscription(included: 2);

        var decisions = new List<QuotaReservation?>();
        foreach (var use in new[] { QuotaUse.Read, QuotaUse.Reserve, QuotaUse.Reserve, QuotaUse.Reserve, QuotaUse.Read })
        {
            decisions.Add((await limits.TakeAsync(subscription, use, CancellationToken.None)).Quota);
        }

        Assert.Equal([new(true, 0), new(true, 1), new(true, 2), new(false, 2), new(false, 2)], decisions);
        Assert.Equal(2, await quotas.GetUsedAsync(subscription.Id, Period, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_hard_cap_every_call_reserves()
    {
        var (limits, _) = Create();
        var subscription = Subscription(included: 1, hardCap: false);

        await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None);
        var over = await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None);

        Assert.Equal(new QuotaReservation(true, 2), over.Quota);
    }

    [Fact]
    public async Task A_call_that_takes_nothing_of_the_quota_takes_a_token()
    {
        var (limits, quotas) = Create();
        var subscription = Subscription(perMinute: 1);

        var first = await limits.TakeAsync(subscription, QuotaUse.None, CancellationToken.None);
        var second = await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None);

        Assert.True(first.Rate.Allowed);
        Assert.Null(first.Quota);
        Assert.False(second.Rate.Allowed);
        Assert.Equal(0, await quotas.GetUsedAsync(subscription.Id, Period, CancellationToken.None));
    }

    [Fact]
    public async Task The_first_call_of_a_period_counts_from_the_billable_calls_stored()
    {
        var subscription = Subscription(included: 4);
        await using (var db = await Host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.UsageEvents.AddRange(Enumerable.Range(0, 3).Select(i => new UsageEvent
            {
                RequestId = Guid.NewGuid().ToString("N"),
                At = Period.Start.AddHours(i),
                OrganizationId = Guid.NewGuid(),
                SubscriptionId = subscription.Id,
                ApiKeyId = Guid.NewGuid(),
                Method = "GET",
                Route = "/x/y",
                Status = 200,
            }));
            await db.SaveChangesAsync();
        }

        var (limits, _) = Create();

        Assert.Equal(new QuotaReservation(true, 4), (await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None)).Quota);
        Assert.Equal(new QuotaReservation(false, 4), (await limits.TakeAsync(subscription, QuotaUse.Reserve, CancellationToken.None)).Quota);
    }
}

public sealed class InProcessGatewayLimitsTests : GatewayLimitsContract
{
    protected override (IGatewayLimits Limits, IQuotaReservations Quotas) Create(IDbContextFactory<TrustVaultDbContext> contexts)
    {
        var quotas = new InProcessQuotaReservations(contexts);
        return (new GatewayLimits(new SubscriptionRateLimiter(Host.Clock), quotas), quotas);
    }
}

public sealed class RedisGatewayLimitsTests(RedisServer redis) : GatewayLimitsContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisNodes nodes = new(redis);

    protected override (IGatewayLimits Limits, IQuotaReservations Quotas) Create(IDbContextFactory<TrustVaultDbContext> contexts) => nodes.Limits(contexts, Host.Clock);

    [Fact]
    public async Task Two_nodes_share_the_bucket_and_the_hard_cap()
    {
        var contexts = Host.Get<IDbContextFactory<TrustVaultDbContext>>();
        var nodeA = nodes.Limits(contexts, Host.Clock).Limits;
        var nodeB = nodes.Limits(contexts, Host.Clock).Limits;
        var capped = new GatewaySubscription(Guid.NewGuid(), new BillingPeriod(Host.Clock.GetUtcNow(), Host.Clock.GetUtcNow().AddDays(30)), 3, true, 1_000, 1_000);
        var limited = capped with { Id = Guid.NewGuid(), IncludedCalls = 1_000, RatePerSecond = 3, RatePerMinute = 3 };

        var reservations = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            (await (i % 2 == 0 ? nodeA : nodeB).TakeAsync(capped, QuotaUse.Reserve, CancellationToken.None)).Quota!.Value)));
        var rates = new List<bool>();
        for (var call = 0; call < 6; call++)
        {
            rates.Add((await (call % 2 == 0 ? nodeA : nodeB).TakeAsync(limited, QuotaUse.Reserve, CancellationToken.None)).Rate.Allowed);
        }

        Assert.Equal([1L, 2, 3], reservations.Where(r => r.Granted).Select(r => r.Used).Order());
        Assert.Equal([true, true, true, false, false, false], rates);
    }

    public void Dispose() => nodes.Dispose();
}
