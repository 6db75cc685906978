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

    public void Dispose()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }
}
