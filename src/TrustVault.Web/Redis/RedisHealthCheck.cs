using Microsoft.Extensions.Diagnostics.HealthChecks;
using TrustVault.Core.Redis;

namespace TrustVault.Web.Redis;

/// <summary>
/// Degraded, not unhealthy, while Redis is away: the node still serves every call (its stores fall back), only slower
/// and with per-node rate limits, so a load balancer should keep it.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        redis.IsAvailable && await redis.PingAsync()
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "Redis is not answering: rate limits are per node and quota reservations go through the database.");
}
