using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TrustVault.Core.Redis;

namespace TrustVault.Core.Caching;

/// <summary>
/// <see cref="ICacheInvalidations"/> for several nodes: an invalidation drops the entry here and is published on one
/// Redis channel that every node listens to. The multiplexer subscribes again when it reconnects, but what was published
/// while this node's subscription was down never reaches it: the caches' one-second lifetime covers their entries, not
/// the catalog's search index, which would keep a listing changed meanwhile until its next change. So every
/// (re)established subscription resyncs every registered cache.
/// </summary>
public sealed partial class RedisCacheInvalidations : ICacheInvalidations
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("tv:cache-invalidations");
    private readonly RedisConnection redis;
    private readonly InProcessCacheInvalidations local = new();
    private readonly ILogger<RedisCacheInvalidations> logger;
    private readonly Lock subscribing = new();
    private bool subscribed;

    public RedisCacheInvalidations(RedisConnection redis, ILogger<RedisCacheInvalidations> logger)
    {
        this.redis = redis;
        this.logger = logger;
        redis.Restored += Restored;
        Subscribe();
    }

    public void Register(string cache, Action<string> drop, Action resync) => local.Register(cache, drop, resync);

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

    /// <summary>
    /// A connection to Redis is back. Its subscription connection's return means this node heard nothing while it was
    /// down; the multiplexer renews the subscription before it raises the event, so an invalidation published from here
    /// on is heard, and the resync covers what came before.
    /// </summary>
    private void Restored(object? sender, ConnectionFailedEventArgs e)
    {
        // Redis was away when this node started: subscribe now (the multiplexer only renews subscriptions it made).
        var late = !IsSubscribed && Subscribe();
        if (late || (e.ConnectionType == ConnectionType.Subscription && IsSubscribed))
        {
            LogResync(logger);
            local.Resync();
        }
    }

    private bool IsSubscribed
    {
        get
        {
            lock (subscribing)
            {
                return subscribed;
            }
        }
    }

    /// <returns>True when this call subscribed: once only, or every invalidation would be handled once per subscription.</returns>
    private bool Subscribe()
    {
        lock (subscribing)
        {
            if (subscribed)
            {
                return false;
            }

            try
            {
                redis.Subscriber.Subscribe(Channel, (_, message) => Receive(message));
                subscribed = true;
                return true;
            }
            catch (Exception e) when (RedisConnection.IsOutage(e))
            {
                LogNotSubscribed(logger, e);
                return false;
            }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to cache invalidations after Redis was away: resyncing every cache and the search index, which may have missed some")]
    private static partial void LogResync(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An invalidation of cache {Cache} reached no other node: Redis is away; their entries expire within a second")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, string cache);
}
