using System.Collections.Concurrent;
using StackExchange.Redis;
using TrustVault.Core.Redis;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

/// <summary>
/// <see cref="IQuotaReservations"/> in Redis, shared by every node, so a hard cap holds across them: one number per
/// subscription and period, checked and taken by one script. A number Redis does not have (first use in a period, or
/// lost with Redis) is counted from the billable calls stored, which stay the source of truth. While Redis is away the
/// node reserves through <see cref="DatabaseQuotaReservations"/>, whose counters the nodes share, never below the last
/// number Redis gave this node; when Redis is back the node drops Redis's numbers, which missed the calls served
/// meanwhile, and they are counted again from the stored calls and the database's counters, which it then drops too.
/// </summary>
public sealed class RedisQuotaReservations(RedisConnection redis, DatabaseQuotaReservations database, TimeProvider clock) : IQuotaReservations
{
    private const string KeyPrefix = "tv:quota:";

    /// <summary>
    /// A Lua function: take(key, cap, reserve) reads the calls counted at key, and with reserve = 1 takes one more unless
    /// cap (−1 for none) are taken; returns 1, used (granted, or read), 0, used (refused) or −1, 0 (not counted yet).
    /// Also the second step of <see cref="RedisGatewayLimits"/>'s script.
    /// </summary>
    internal const string TakeFunction = """
        local function take(key, cap, reserve)
          local used = redis.call('GET', key)
          if not used then return -1, 0 end
          used = tonumber(used)
          if tonumber(reserve) == 0 then return 1, used end
          cap = tonumber(cap)
          if cap >= 0 and used >= cap then return 0, used end
          return 1, redis.call('INCR', key)
        end
        """;

    private static readonly LuaScript Reserve = LuaScript.Prepare(TakeFunction + "\n" + """
        local granted, used = take(@key, @cap, 1)
        return { granted, used }
        """);

    private static readonly LuaScript AddIfCounted = LuaScript.Prepare("""
        if redis.call('EXISTS', @key) == 1 then return redis.call('INCRBY', @key, @calls) end
        return nil
        """);

    private readonly SemaphoreSlim returning = new(1, 1);
    private readonly ConcurrentDictionary<RedisKey, long> lastSeen = new();
    private readonly ConcurrentDictionary<RedisKey, Lazy<Task>> counting = new();
    private volatile bool onDatabase;

    public async Task<long> GetUsedAsync(Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        if (await UseRedisAsync())
        {
            try
            {
                var key = Key(subscriptionId, period.Start);
                var used = (long?)await redis.Database.StringGetAsync(key);
                if (used is null)
                {
                    await CountAsync(key, subscriptionId, period, cancellationToken);
                    used = (long)await redis.Database.StringGetAsync(key);
                }

                return Seen(key, used.Value);
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                redis.Failed(e);
            }
        }

        SwitchToDatabase();
        return Math.Max(await database.GetUsedAsync(subscriptionId, period, cancellationToken), lastSeen.GetValueOrDefault(Key(subscriptionId, period.Start)));
    }

    public async Task<QuotaReservation> TryReserveAsync(Guid subscriptionId, BillingPeriod period, long? cap, CancellationToken cancellationToken)
    {
        if (await UseRedisAsync())
        {
            try
            {
                var key = Key(subscriptionId, period.Start);
                while (true)
                {
                    var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(Reserve, new { key, cap = cap ?? -1 }))!;
                    if ((int)result[0] >= 0)
                    {
                        return new QuotaReservation((int)result[0] == 1, Seen(key, (long)result[1]));
                    }

                    await CountAsync(key, subscriptionId, period, cancellationToken);
                }
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                redis.Failed(e);
            }
        }

        SwitchToDatabase();
        return await database.TryReserveAsync(subscriptionId, period, cap, lastSeen.GetValueOrDefault(Key(subscriptionId, period.Start)), cancellationToken);
    }

    public Task ReleaseAsync(Guid subscriptionId, DateTimeOffset periodStart) => AddAsync(subscriptionId, periodStart, -1);

    public async Task AddAsync(Guid subscriptionId, DateTimeOffset periodStart, long calls)
    {
        if (!onDatabase && redis.IsAvailable)
        {
            try
            {
                var key = Key(subscriptionId, periodStart);
                var result = await redis.Database.ScriptEvaluateAsync(AddIfCounted, new { key, calls });
                if (!result.IsNull)
                {
                    // The latest number, not the largest: a released unit lowers the floor too.
                    lastSeen[key] = (long)result;
                }

                return;
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                // Dropped: Redis's numbers are counted again from the stored calls once it is back.
                redis.Failed(e);
                SwitchToDatabase();
                return;
            }
        }

        await database.AddAsync(subscriptionId, periodStart, calls);
    }

    /// <summary>Whether to use Redis now; the first call after an outage first drops the numbers that missed it.</summary>
    internal async Task<bool> UseRedisAsync()
    {
        if (!redis.IsAvailable)
        {
            return false;
        }

        if (!onDatabase)
        {
            return true;
        }

        await returning.WaitAsync();
        try
        {
            if (onDatabase)
            {
                await redis.DeleteKeysAsync(KeyPrefix + "*");
                onDatabase = false;
                await database.ForgetCountsAsync();
            }

            return true;
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            redis.Failed(e);
            return false;
        }
        finally
        {
            returning.Release();
        }
    }

    private void SwitchToDatabase() => onDatabase = true;

    /// <summary>
    /// Stores the calls taken, as the database counts them, unless another call stored a number first. One count at a time
    /// per key on this node: a burst of first calls would otherwise each run the same queries.
    /// </summary>
    internal async Task CountAsync(RedisKey key, Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        var lazy = counting.GetOrAdd(key, missing => new Lazy<Task>(() => Task.Run(async () =>
        {
            try
            {
                var taken = await database.GetUsedAsync(subscriptionId, period, CancellationToken.None);
                // Kept a day past the period's end, for the calls that finish after it.
                await redis.Database.StringSetAsync(key, taken, period.End - clock.GetUtcNow() + TimeSpan.FromDays(1), When.NotExists);
            }
            finally
            {
                counting.TryRemove(key, out _);
            }
        })));
        await lazy.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Remembers the largest number Redis gave for the key: the floor of the database's count if Redis goes away.</summary>
    internal long Seen(RedisKey key, long used)
    {
        lastSeen.AddOrUpdate(key, used, (_, seen) => Math.Max(seen, used));
        return used;
    }

    internal static RedisKey Key(Guid subscriptionId, DateTimeOffset periodStart) => $"{KeyPrefix}{subscriptionId:N}:{periodStart.UtcTicks}";
}
