using StackExchange.Redis;
using TrustVault.Core.Redis;

namespace TrustVault.Core.Gateway;

/// <summary>
/// <see cref="IGatewayLimits"/> in one Redis script: the rate limiter's buckets (<see cref="RedisSubscriptionRateLimiter"/>),
/// then, if the call passed, the quota's number (<see cref="RedisQuotaReservations"/>), so an admitted call makes one
/// round trip to Redis before it is served. Each round trip is a send and two wakeups (Redis's reader, then the call's
/// continuation) on a node's busy cores. When the quota's number is not counted yet, or Redis is away or the quota
/// store has not come back to it after an outage, the two stores run in turn, each with its own fallback.
/// </summary>
public sealed class RedisGatewayLimits(RedisConnection redis, RedisSubscriptionRateLimiter rates, RedisQuotaReservations quotas) : IGatewayLimits
{
    private static readonly LuaScript Take = LuaScript.Prepare(string.Join('\n', RedisSubscriptionRateLimiter.TakeTokens, RedisQuotaReservations.TakeFunction, """
        if allowed == 0 then return { allowed, remaining, wait, -1, 0 } end
        local taken, used = take(@quotaKey, @cap, @reserve)
        return { allowed, remaining, wait, taken, used }
        """));

    private readonly GatewayLimits inTurn = new(rates, quotas);

    public async ValueTask<LimitsDecision> TakeAsync(GatewaySubscription subscription, QuotaUse use, CancellationToken cancellationToken)
    {
        if (use != QuotaUse.None && await quotas.UseRedisAsync())
        {
            try
            {
                var quotaKey = RedisQuotaReservations.Key(subscription.Id, subscription.Period.Start);
                var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(Take, new
                {
                    rateKey = RedisSubscriptionRateLimiter.Key(subscription.Id),
                    perSecond = subscription.RatePerSecond,
                    perMinute = subscription.RatePerMinute,
                    quotaKey,
                    cap = use == QuotaUse.Reserve && subscription.HardCap ? subscription.IncludedCalls : -1,
                    reserve = use == QuotaUse.Reserve ? 1 : 0,
                }))!;
                var rate = RedisSubscriptionRateLimiter.Decision(result, subscription.RatePerSecond);
                if (!rate.Allowed)
                {
                    return new LimitsDecision(rate, null);
                }

                var taken = (int)result[3];
                if (taken < 0)
                {
                    // First call of the period (or Redis lost the number): the token is taken; the quota store counts the
                    // stored calls and then takes its unit.
                    return new LimitsDecision(rate, await inTurn.TakeQuotaAsync(subscription, use, cancellationToken));
                }

                var used = quotas.Seen(quotaKey, (long)result[4]);
                return new LimitsDecision(rate, use == QuotaUse.Reserve ? new QuotaReservation(taken == 1, used) : GatewayLimits.Read(subscription, used));
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                redis.Failed(e);
            }
        }

        return await inTurn.TakeAsync(subscription, use, cancellationToken);
    }
}
