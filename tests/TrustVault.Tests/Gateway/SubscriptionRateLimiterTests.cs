using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Gateway;

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
