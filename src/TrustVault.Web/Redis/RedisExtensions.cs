using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using TrustVault.Core.Data;
using TrustVault.Core.Redis;
using TrustVault.Web.Health;

namespace TrustVault.Web.Redis;

public static class RedisExtensions
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set, the nodes share rate limits, quota reservations, cache invalidations and the
    /// Data Protection key ring (so a sign-in cookie issued by one node is read by the others) through Redis, and
    /// /health/ready reports it. Without it everything stays with this one node, the key ring in a folder beside the
    /// SQLite file (<c>App_Data/data-protection-keys</c>) so that it survives a restart: webhook signing secrets are
    /// encrypted with it, and are lost with it.
    /// </summary>
    public static WebApplicationBuilder AddRedis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        var configuration = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>()?.Configuration;
        if (string.IsNullOrWhiteSpace(configuration))
        {
            var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
            builder.Services.AddDataProtection().SetApplicationName("TrustVault")
                .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Environment.ContentRootPath, database.DataDirectory, "data-protection-keys")));
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
