using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using TrustVault.Core.Caching;
using TrustVault.Core.Gateway;

namespace TrustVault.Core.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the in-process stores of what every node must agree on at call time (rate-limit buckets, quota
    /// reservations, cache invalidations) with the Redis ones, each falling back while Redis is away.
    /// </summary>
    public static IServiceCollection AddTrustVaultRedis(this IServiceCollection services, string configuration)
    {
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnection.Options(configuration)));
        services.AddSingleton<RedisConnection>();
        services.Replace(ServiceDescriptor.Singleton<ISubscriptionRateLimiter, RedisSubscriptionRateLimiter>());
        services.AddSingleton<DatabaseQuotaReservations>();
        services.Replace(ServiceDescriptor.Singleton<IQuotaReservations, RedisQuotaReservations>());
        services.Replace(ServiceDescriptor.Singleton<ICacheInvalidations, RedisCacheInvalidations>());
        return services;
    }
}
