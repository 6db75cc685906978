using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using TrustVault.Core.Caching;
using TrustVault.Core.Gateway;
using TrustVault.Core.Identity;

namespace TrustVault.Core.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the in-process stores of what every node must agree on at call time (rate-limit buckets, quota
    /// reservations, cache invalidations, failed sign-ins of addresses that have no account) with the Redis ones, each
    /// falling back while Redis is away.
    /// </summary>
    public static IServiceCollection AddTrustVaultRedis(this IServiceCollection services, string configuration)
    {
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisConnection.Options(configuration)));
        services.AddSingleton<RedisConnection>();
        // One instance of each store: the limits step's script shares their keys and the quota store's outage state.
        services.AddSingleton<RedisSubscriptionRateLimiter>();
        services.Replace(ServiceDescriptor.Singleton<ISubscriptionRateLimiter>(provider => provider.GetRequiredService<RedisSubscriptionRateLimiter>()));
        services.AddSingleton<DatabaseQuotaReservations>();
        services.AddSingleton<RedisQuotaReservations>();
        services.Replace(ServiceDescriptor.Singleton<IQuotaReservations>(provider => provider.GetRequiredService<RedisQuotaReservations>()));
        services.Replace(ServiceDescriptor.Singleton<IGatewayLimits, RedisGatewayLimits>());
        services.Replace(ServiceDescriptor.Singleton<ICacheInvalidations, RedisCacheInvalidations>());
        services.Replace(ServiceDescriptor.Singleton<IUnknownAddressFailures, RedisUnknownAddressFailures>());
        return services;
    }
}
