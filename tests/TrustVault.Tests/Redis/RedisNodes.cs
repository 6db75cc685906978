using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Redis;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Redis;

/// <summary>Each call a node of its own: its own connection to the test's Redis server, closed when the test class is done.</summary>
public sealed class RedisNodes(RedisServer server) : IDisposable
{
    private readonly List<RedisConnection> connections = [];

    /// <summary>How many of the connections made are available now.</summary>
    public int Connected => connections.Count(c => c.IsAvailable);

    public RedisConnection Connect(TimeProvider clock)
    {
        var connection = new RedisConnection(ConnectionMultiplexer.Connect(RedisConnection.Options(server.Configuration)), clock, NullLogger<RedisConnection>.Instance);
        connections.Add(connection);
        return connection;
    }

    public RedisQuotaReservations Reservations(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock) =>
        new(Connect(clock), new DatabaseQuotaReservations(contexts, clock, NullLogger<DatabaseQuotaReservations>.Instance), clock);

    public RedisSubscriptionRateLimiter Limiter(TimeProvider clock) => new(Connect(clock), new SubscriptionRateLimiter(clock));

    /// <summary>A node's limits step, on one connection as the app's stores share it, and its quota store.</summary>
    public (RedisGatewayLimits Limits, RedisQuotaReservations Quotas) Limits(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
    {
        var connection = Connect(clock);
        var quotas = new RedisQuotaReservations(connection, new DatabaseQuotaReservations(contexts, clock, NullLogger<DatabaseQuotaReservations>.Instance), clock);
        return (new RedisGatewayLimits(connection, new RedisSubscriptionRateLimiter(connection, new SubscriptionRateLimiter(clock)), quotas), quotas);
    }

    public void Dispose()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }
}
