using StackExchange.Redis;
using TrustVault.Core.Redis;

namespace TrustVault.Tests.Redis;

public sealed class RedisConnectionTests
{
    [Fact]
    public void A_command_redis_could_not_send_or_answer_is_an_outage()
    {
        // What StackExchange.Redis fails a command with when its connection dropped between the check and the write.
        Assert.True(RedisConnection.IsOutage(new TaskCanceledException()));
        Assert.True(RedisConnection.IsOutage(new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed")));
        Assert.True(RedisConnection.IsOutage(new RedisTimeoutException("timed out", CommandStatus.Sent)));
    }

    [Fact]
    public void A_call_cancelled_by_its_caller_or_a_bug_is_not_an_outage()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(RedisConnection.IsOutage(new TaskCanceledException("aborted", null, cancelled.Token)));
        Assert.False(RedisConnection.IsOutage(new InvalidCastException()));
    }
}
