using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;
using TrustVault.Core.Redis;

namespace TrustVault.Core.Identity;

/// <summary>
/// <see cref="IUnknownAddressFailures"/> for several nodes: one count per address in Redis, counted and locked by one
/// script, so an unknown address locks after as many failures across the nodes as an account does in the database.
/// Times are the node's clock, as Identity's lockout of an account is. While Redis is away each node counts in its own
/// process, as one node would.
/// </summary>
public sealed class RedisUnknownAddressFailures(RedisConnection redis, InProcessUnknownAddressFailures fallback, TimeProvider clock) : IUnknownAddressFailures
{
    /// <summary>
    /// Answers 2 when the address at @key is locked out at @now (ms), else counts the failure and locks it out until
    /// @lockedUntil at @maxFailures (answering 1, the count starting over) or answers 0; each failure keeps the key for
    /// @forget ms more.
    /// </summary>
    private static readonly LuaScript Fail = LuaScript.Prepare("""
        local result = 0
        if tonumber(redis.call('HGET', @key, 'until') or '0') > tonumber(@now) then
          result = 2
        elseif redis.call('HINCRBY', @key, 'count', 1) >= tonumber(@maxFailures) then
          redis.call('HSET', @key, 'count', 0, 'until', @lockedUntil)
          result = 1
        end
        redis.call('PEXPIRE', @key, @forget)
        return result
        """);

    public async ValueTask<UnknownAddressFailure> FailAsync(string normalizedEmail, int maxFailures, TimeSpan lockout, CancellationToken cancellationToken)
    {
        if (redis.IsAvailable)
        {
            var now = clock.GetUtcNow();
            try
            {
                var result = await redis.Database.ScriptEvaluateAsync(Fail, new
                {
                    key = Key(normalizedEmail),
                    now = now.ToUnixTimeMilliseconds(),
                    maxFailures,
                    lockedUntil = (now + lockout).ToUnixTimeMilliseconds(),
                    forget = (long)IUnknownAddressFailures.ForgetAfter.TotalMilliseconds,
                });
                return (UnknownAddressFailure)(int)result;
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                redis.Failed(e);
            }
        }

        return await fallback.FailAsync(normalizedEmail, maxFailures, lockout, cancellationToken);
    }

    /// <summary>Named by a hash of the address: addresses that have no account are not written to Redis.</summary>
    private static RedisKey Key(string normalizedEmail) =>
        $"tv:signin-failures:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)))}";
}
