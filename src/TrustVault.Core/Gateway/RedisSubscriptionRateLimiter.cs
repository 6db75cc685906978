using StackExchange.Redis;
using TrustVault.Core.Redis;

namespace TrustVault.Core.Gateway;

/// <summary>
/// The same token buckets as <see cref="SubscriptionRateLimiter"/>, kept in Redis so that every node takes from one pair
/// per subscription: one script per call refills, checks and takes atomically on the Redis server's clock (nodes' clocks
/// may differ). While Redis is away each node falls back to its own buckets, so a subscription may then get up to its
/// limit from each node: a rate limit protects the upstream, and an outage should not refuse every call.
/// </summary>
public sealed class RedisSubscriptionRateLimiter(RedisConnection redis, SubscriptionRateLimiter fallback) : ISubscriptionRateLimiter
{
    /// <summary>
    /// Refills the pair of buckets at @rateKey for @perSecond and @perMinute, and takes a token from both when each has
    /// one: sets `allowed` (1 or 0), `remaining` (the per-second bucket's tokens after this call) and `wait` (µs until the
    /// emptier bucket has a token again). Also the first step of <see cref="RedisGatewayLimits"/>'s script. Times are in
    /// microseconds; a bucket at rest refills completely within a minute, so its key then expires.
    /// </summary>
    internal const string TakeTokens = """
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local perSecond = tonumber(@perSecond)
        local perMinute = tonumber(@perMinute)
        local secondInterval = 1000000 / perSecond
        local minuteInterval = 60000000 / perMinute
        local stored = redis.call('HMGET', @rateKey, 'ps', 'pm', 'st', 'sa', 'mt', 'ma')
        local st, sa, mt, ma = perSecond, now, perMinute, now
        if tonumber(stored[1]) == perSecond and tonumber(stored[2]) == perMinute then
          st, sa, mt, ma = tonumber(stored[3]), tonumber(stored[4]), tonumber(stored[5]), tonumber(stored[6])
        end
        local function refill(tokens, at, capacity, interval)
          local intervals = math.floor((now - at) / interval)
          if intervals <= 0 then return tokens, at end
          return math.min(capacity, tokens + intervals), at + intervals * interval
        end
        st, sa = refill(st, sa, perSecond, secondInterval)
        mt, ma = refill(mt, ma, perMinute, minuteInterval)
        local allowed, wait = 0, 0
        if st < 1 then
          wait = sa + secondInterval - now
        elseif mt < 1 then
          wait = ma + minuteInterval - now
        else
          st, mt, allowed = st - 1, mt - 1, 1
        end
        redis.call('HSET', @rateKey, 'ps', perSecond, 'pm', perMinute, 'st', st, 'sa', string.format('%.17g', sa), 'mt', mt, 'ma', string.format('%.17g', ma))
        redis.call('PEXPIRE', @rateKey, 61000)
        local remaining = allowed == 1 and math.min(st, mt) or 0
        wait = math.ceil(wait)
        """;

    private static readonly LuaScript Take = LuaScript.Prepare(TakeTokens + "\nreturn { allowed, remaining, wait }");

    public async ValueTask<RateDecision> TryAcquireAsync(Guid subscriptionId, int perSecond, int perMinute, CancellationToken cancellationToken)
    {
        if (redis.IsAvailable)
        {
            try
            {
                var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(Take, new { rateKey = Key(subscriptionId), perSecond, perMinute }))!;
                return Decision(result, perSecond);
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                redis.Failed(e);
            }
        }

        return fallback.TryAcquire(subscriptionId, perSecond, perMinute);
    }

    internal static RedisKey Key(Guid subscriptionId) => $"tv:rate:{subscriptionId:N}";

    /// <summary>The decision from the first three values a script that ran <see cref="TakeTokens"/> returned.</summary>
    internal static RateDecision Decision(RedisResult[] result, int perSecond)
    {
        var allowed = (int)result[0] == 1;
        return new RateDecision(allowed, perSecond, (int)result[1], allowed ? TimeSpan.Zero : TimeSpan.FromMicroseconds((long)result[2]));
    }
}
