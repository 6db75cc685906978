using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace TrustVault.Core.Subscriptions;

/// <summary>The answer to one call: allowed, or refused with when to retry; and what is left of the per-second budget.</summary>
public readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, TimeSpan RetryAfter);

/// <summary>
/// Per-subscription token buckets (System.Threading.RateLimiting) for the plan's per-second and
/// per-minute limits. Buckets refill one token at a time, at the plan's rate, on the clock of
/// <see cref="TimeProvider"/> (replenished by hand), so tests can drive time.
/// </summary>
public sealed class SubscriptionRateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Buckets> buckets = new();

    public RateDecision TryAcquire(Guid subscriptionId, int perSecond, int perMinute)
    {
        var entry = buckets.AddOrUpdate(
            subscriptionId,
            _ => new Buckets(perSecond, perMinute, clock.GetUtcNow()),
            (_, existing) => existing.PerSecondLimit == perSecond && existing.PerMinuteLimit == perMinute
                ? existing
                : new Buckets(perSecond, perMinute, clock.GetUtcNow()));
        return entry.TryAcquire(clock.GetUtcNow());
    }

    private sealed class Buckets(int perSecond, int perMinute, DateTimeOffset now)
    {
        private readonly Bucket second = new(perSecond, TimeSpan.FromSeconds(1) / perSecond, now);
        private readonly Bucket minute = new(perMinute, TimeSpan.FromMinutes(1) / perMinute, now);

        public int PerSecondLimit { get; } = perSecond;
        public int PerMinuteLimit { get; } = perMinute;

        public RateDecision TryAcquire(DateTimeOffset at)
        {
            lock (this)
            {
                second.Refill(at);
                minute.Refill(at);
                if (second.Available < 1 || minute.Available < 1)
                {
                    var wait = second.Available < 1 ? second.NextTokenIn(at) : minute.NextTokenIn(at);
                    return new RateDecision(false, PerSecondLimit, 0, wait);
                }

                second.Take();
                minute.Take();
                return new RateDecision(true, PerSecondLimit, (int)second.Available, TimeSpan.Zero);
            }
        }
    }

    private sealed class Bucket(int capacity, TimeSpan tokenInterval, DateTimeOffset now)
    {
        private readonly TokenBucketRateLimiter limiter = new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = capacity,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = tokenInterval,
            AutoReplenishment = false,
            QueueLimit = 0,
        });

        private DateTimeOffset lastRefill = now;

        public long Available => limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

        /// <summary>Adds one token per interval passed since the last refill, up to the capacity.</summary>
        public void Refill(DateTimeOffset at)
        {
            var intervals = (long)((at - lastRefill) / tokenInterval);
            if (intervals <= 0)
            {
                return;
            }

            for (var i = 0; i < Math.Min(intervals, capacity); i++)
            {
                limiter.TryReplenish();
            }

            lastRefill += tokenInterval * intervals;
        }

        public void Take()
        {
            using var lease = limiter.AttemptAcquire(1);
        }

        public TimeSpan NextTokenIn(DateTimeOffset at) => lastRefill + tokenInterval - at;
    }
}
