using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using TrustVault.Core.Redis;
using TrustVault.Web.Health;

namespace TrustVault.Web.Redis;

public static class RedisExtensions
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set, the nodes share rate limits, quota reservations, cache invalidations and the
    /// Data Protection key ring (so a sign-in cookie issued by one node is read by the others) through Redis, and
    /// /health/ready reports it. Without it everything stays in this process, as one node needs.
    /// </summary>
    public static WebApplicationBuilder AddRedis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        var configuration = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()?.Configuration;
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return builder;
        }

        builder.Services.AddTrustVaultRedis(configuration);
        builder.Services.AddDataProtection().SetApplicationName("TrustVault");
        // What PersistKeysToStackExchangeRedis does, on the connection the stores share rather than one made up front.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "tv:data-protection-keys"));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", HealthStatus.Degraded, [HealthExtensions.ReadyTag]);
        return builder;
    }
}
