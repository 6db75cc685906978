using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TrustVault.Core.Redis;

namespace TrustVault.Core.Caching;

/// <summary>
/// <see cref="ICacheInvalidations"/> for several nodes: an invalidation drops the entry here and is published on one
/// Redis channel that every node listens to. A message lost while Redis is away costs nothing worse than the caches'
/// one-second lifetime; the multiplexer subscribes again when it reconnects.
/// </summary>
public sealed partial class RedisCacheInvalidations : ICacheInvalidations
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("tv:cache-invalidations");
    private readonly RedisConnection redis;
    private readonly InProcessCacheInvalidations local = new();
    private readonly ILogger<RedisCacheInvalidations> logger;
    private int subscribed;

    public RedisCacheInvalidations(RedisConnection redis, ILogger<RedisCacheInvalidations> logger)
    {
        this.redis = redis;
        this.logger = logger;
        if (!TrySubscribe())
        {
            // Redis was away when this node started: subscribe once it is back (the multiplexer only renews subscriptions it made).
            redis.Restored += (_, _) => TrySubscribe();
        }
    }

    public void Register(string cache, Action<string> drop) => local.Register(cache, drop);

    public void Invalidate(string cache, string key)
    {
        local.Invalidate(cache, key);
        try
        {
            redis.Subscriber.Publish(Channel, $"{cache}\n{key}", CommandFlags.FireAndForget);
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            LogNotPublished(logger, e, cache);
        }
    }

    private bool TrySubscribe()
    {
        if (Volatile.Read(ref subscribed) == 1)
        {
            return true;
        }

        try
        {
            redis.Subscriber.Subscribe(Channel, (_, message) => Receive(message));
            Volatile.Write(ref subscribed, 1);
            return true;
        }
        catch (Exception e) when (RedisConnection.IsOutage(e))
        {
            LogNotSubscribed(logger, e);
            return false;
        }
    }

    private void Receive(RedisValue message)
    {
        var text = message.ToString();
        var separator = text.IndexOf('\n', StringComparison.Ordinal);
        if (separator > 0)
        {
            local.Invalidate(text[..separator], text[(separator + 1)..]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not subscribed to cache invalidations yet: Redis is away; the connection subscribes when it is back")]
    private static partial void LogNotSubscribed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An invalidation of cache {Cache} reached no other node: Redis is away; their entries expire within a second")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, string cache);
}
