using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Gateway;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Redis;

namespace TrustVault.Tests.Gateway;

public sealed class SubscriptionRateLimiterTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_full_bucket_allows_a_burst_of_the_per_second_limit_then_refuses_until_a_token_refills()
    {
        var limiter = new SubscriptionRateLimiter(clock);
        var subscription = Guid.NewGuid();

        Assert.True(limiter.TryAcquire(subscription, 2, 120).Allowed);
        Assert.True(limiter.TryAcquire(subscription, 2, 120).Allowed);
        var refused = limiter.TryAcquire(subscription, 2, 120);

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), refused.RetryAfter);
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limiter.TryAcquire(subscription, 2, 120).Allowed);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryAcquire(subscription, 2, 120).Allowed);
        Assert.False(limiter.TryAcquire(subscription, 2, 120).Allowed);
    }

    [Fact]
    public void The_per_minute_limit_holds_even_when_each_second_is_within_its_limit()
    {
        var limiter = new SubscriptionRateLimiter(clock);
        var subscription = Guid.NewGuid();
        var allowed = 0;
        for (var second = 0; second < 60; second++)
        {
            for (var call = 0; call < 5; call++)
            {
                allowed += limiter.TryAcquire(subscription, 5, 100).Allowed ? 1 : 0;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // 100 in the bucket at the start, plus one token per 0.6 s refilled over the minute.
        Assert.InRange(allowed, 100, 200);
        Assert.True(allowed < 300);
    }

    [Fact]
    public void Subscriptions_have_separate_buckets()
    {
        var limiter = new SubscriptionRateLimiter(clock);
        var first = Guid.NewGuid();

        Assert.True(limiter.TryAcquire(first, 1, 60).Allowed);
        Assert.False(limiter.TryAcquire(first, 1, 60).Allowed);
        Assert.True(limiter.TryAcquire(Guid.NewGuid(), 1, 60).Allowed);
    }
}

/// <summary>What every <see cref="ISubscriptionRateLimiter"/> must do, whichever backs it; each test runs within one refill of its buckets.</summary>
public abstract class SubscriptionRateLimiterContract
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    protected abstract ISubscriptionRateLimiter Create();

    [Fact]
    public async Task A_burst_of_the_limit_passes_then_calls_are_refused_with_a_retry_time()
    {
        var limiter = Create();
        var subscription = Guid.NewGuid();

        // Three a minute refills one token each 20 s: nothing refills while the test runs.
        var passed = new List<RateDecision>();
        for (var call = 0; call < 3; call++)
        {
            passed.Add(await limiter.TryAcquireAsync(subscription, 3, 3, CancellationToken.None));
        }

        var refused = await limiter.TryAcquireAsync(subscription, 3, 3, CancellationToken.None);

        Assert.All(passed, d => Assert.True(d.Allowed));
        Assert.Equal([2, 1, 0], passed.Select(d => d.Remaining));
        Assert.False(refused.Allowed);
        Assert.Equal(3, refused.Limit);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Subscriptions_have_separate_buckets()
    {
        var limiter = Create();
        var first = Guid.NewGuid();

        Assert.True((await limiter.TryAcquireAsync(first, 1, 1, CancellationToken.None)).Allowed);
        Assert.False((await limiter.TryAcquireAsync(first, 1, 1, CancellationToken.None)).Allowed);
        Assert.True((await limiter.TryAcquireAsync(Guid.NewGuid(), 1, 1, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task A_changed_plan_starts_full_buckets_at_its_limits()
    {
        var limiter = Create();
        var subscription = Guid.NewGuid();
        Assert.True((await limiter.TryAcquireAsync(subscription, 1, 1, CancellationToken.None)).Allowed);
        Assert.False((await limiter.TryAcquireAsync(subscription, 1, 1, CancellationToken.None)).Allowed);

        var upgraded = await limiter.TryAcquireAsync(subscription, 5, 5, CancellationToken.None);

        Assert.Equal(new RateDecision(true, 5, 4, TimeSpan.Zero), upgraded);
    }
}

public sealed class InProcessSubscriptionRateLimiterContractTests : SubscriptionRateLimiterContract
{
    protected override ISubscriptionRateLimiter Create() => new SubscriptionRateLimiter(Clock);
}

public sealed class RedisSubscriptionRateLimiterTests(RedisServer redis) : SubscriptionRateLimiterContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisNodes nodes = new(redis);

    protected override ISubscriptionRateLimiter Create() => nodes.Limiter(Clock);

    [Fact]
    public async Task Two_nodes_take_from_one_bucket_per_subscription()
    {
        var nodeA = nodes.Limiter(Clock);
        var nodeB = nodes.Limiter(Clock);
        var subscription = Guid.NewGuid();

        var decisions = new[]
        {
            await nodeA.TryAcquireAsync(subscription, 3, 3, CancellationToken.None),
            await nodeB.TryAcquireAsync(subscription, 3, 3, CancellationToken.None),
            await nodeA.TryAcquireAsync(subscription, 3, 3, CancellationToken.None),
            await nodeB.TryAcquireAsync(subscription, 3, 3, CancellationToken.None),
            await nodeA.TryAcquireAsync(subscription, 3, 3, CancellationToken.None),
        };

        Assert.Equal([true, true, true, false, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2, 1, 0, 0, 0], decisions.Select(d => d.Remaining));
    }

    public void Dispose() => nodes.Dispose();
}
