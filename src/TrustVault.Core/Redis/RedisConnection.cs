using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace TrustVault.Core.Redis;

/// <summary>
/// The node's one connection to Redis, and whether the stores that share it should use it now. After a failed call the
/// stores serve from their fallbacks for <see cref="RetryAfter"/> before they try Redis again, so only the first call to
/// notice an outage pays for it; the multiplexer reconnects by itself meanwhile.
/// </summary>
public sealed partial class RedisConnection(IConnectionMultiplexer multiplexer, TimeProvider clock, ILogger<RedisConnection> logger) : IDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private long retryAtTicks;

    /// <summary>
    /// What every store needs of its connection: no retry and no queue while disconnected (a call fails at once and falls
    /// back rather than wait), short timeouts (a hung server holds a gateway call for at most a second), and a reconnect
    /// every second while Redis is away, so the node is back on it soon after Redis is; replies read on the thread pool.
    /// </summary>
    public static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        // For the scan that drops quota counts after an outage.
        options.AllowAdmin = true;
        // Replies are read on the .NET thread pool, not on the multiplexer's own socket threads, which hand every reply
        // over to the pool: one thread wakeup less per gateway call, which halved the open-loop p99 (bench/README.md).
        options.SocketManager = SocketManager.ThreadPool;
        return options;
    }

    public IDatabase Database => multiplexer.GetDatabase();

    public ISubscriber Subscriber => multiplexer.GetSubscriber();

    /// <summary>Raised when a connection to Redis is made again after it failed.</summary>
    public event EventHandler<ConnectionFailedEventArgs>? Restored
    {
        add => multiplexer.ConnectionRestored += value;
        remove => multiplexer.ConnectionRestored -= value;
    }

    /// <summary>Connected, and not in the pause after a failure.</summary>
    public bool IsAvailable => multiplexer.IsConnected && clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref retryAtTicks);

    /// <summary>
    /// Whether an exception means Redis could not answer (so the caller falls back), not a bug of ours. A command the
    /// multiplexer could not send (its connection dropped between the check and the write) fails with a
    /// <see cref="TaskCanceledException"/> of no token; one cancelled by the caller's token is the caller's, not an outage.
    /// </summary>
    public static bool IsOutage(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or ObjectDisposedException
            or TaskCanceledException { CancellationToken.IsCancellationRequested: false };

    /// <summary>Pauses the stores' use of Redis after a call that failed with <paramref name="exception"/>.</summary>
    public void Failed(Exception exception)
    {
        Interlocked.Exchange(ref retryAtTicks, (clock.GetUtcNow() + RetryAfter).UtcTicks);
        LogFailed(logger, exception, RetryAfter.TotalSeconds);
    }

    /// <summary>Answers a ping within the timeout.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            await Database.PingAsync();
            return true;
        }
        catch (Exception e) when (IsOutage(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes every key matching <paramref name="pattern"/> on every primary (a scan, never KEYS). With no primary
    /// connected it throws <see cref="RedisConnectionException"/>: nothing was deleted, so the caller must not go on as if
    /// it had (the multiplexer can say it is connected while its reconnects to a stopped server are under way).
    /// </summary>
    public async Task DeleteKeysAsync(string pattern)
    {
        var primaries = multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
        if (primaries.Count == 0)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No Redis primary is connected.");
        }

        foreach (var server in primaries)
        {
            var batch = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 500))
            {
                batch.Add(key);
                if (batch.Count == 500)
                {
                    await Database.KeyDeleteAsync([.. batch]);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await Database.KeyDeleteAsync([.. batch]);
            }
        }
    }

    public void Dispose() => multiplexer.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer; serving from each store's fallback for {Seconds} s before trying again")]
    private static partial void LogFailed(ILogger logger, Exception exception, double seconds);
}
