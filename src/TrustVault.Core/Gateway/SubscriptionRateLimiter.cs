using System.Collections.Concurrent;

namespace TrustVault.Core.Gateway;

/// <summary>
/// The answer to one call: allowed, or refused with when to retry; and how many more calls would pass now, the
/// smaller of what is left in the per-second and the per-minute bucket (a client told 2 is never refused on the next).
/// </summary>
public readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, TimeSpan RetryAfter);

/// <summary>
/// Per-subscription token buckets for the plan's per-second and per-minute limits, in this process. Buckets refill
/// one token at a time at the plan's rate, so bursts up to the limit pass and a steady rate above it does not.
/// </summary>
public sealed class SubscriptionRateLimiter(TimeProvider clock) : ISubscriptionRateLimiter
{
    private readonly ConcurrentDictionary<Guid, Buckets> buckets = new();

    public ValueTask<RateDecision> TryAcquireAsync(Guid subscriptionId, int perSecond, int perMinute, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAcquire(subscriptionId, perSecond, perMinute));

    public RateDecision TryAcquire(Guid subscriptionId, int perSecond, int perMinute)
    {
        var now = clock.GetUtcNow();
        // Static lambdas given their state: lambdas closing over the limits were a closure and two delegates every call.
        var entry = buckets.AddOrUpdate(
            subscriptionId,
            static (_, limits) => new Buckets(limits.PerSecond, limits.PerMinute, limits.Now),
            static (_, existing, limits) => existing.PerSecondLimit == limits.PerSecond && existing.PerMinuteLimit == limits.PerMinute
                ? existing
                : new Buckets(limits.PerSecond, limits.PerMinute, limits.Now),
            (PerSecond: perSecond, PerMinute: perMinute, Now: now));
        return entry.TryAcquire(now);
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
                return new RateDecision(true, PerSecondLimit, (int)Math.Min(second.Available, minute.Available), TimeSpan.Zero);
            }
        }
    }

    /// <summary>
    /// A token bucket: starts full, refills one token per interval up to its capacity. Kept on
    /// <see cref="TimeProvider"/> (System.Threading.RateLimiting's buckets read the Stopwatch, even when
    /// replenished by hand, so no test clock can drive them).
    /// </summary>
    private sealed class Bucket(int capacity, TimeSpan tokenInterval, DateTimeOffset now)
    {
        private DateTimeOffset lastRefill = now;

        public long Available { get; private set; } = capacity;

        public void Refill(DateTimeOffset at)
        {
            var intervals = (long)((at - lastRefill) / tokenInterval);
            if (intervals <= 0)
            {
                return;
            }

            Available = Math.Min(capacity, Available + intervals);
            lastRefill += tokenInterval * intervals;
        }

        public void Take() => Available--;

        public TimeSpan NextTokenIn(DateTimeOffset at) => lastRefill + tokenInterval - at;
    }
}
