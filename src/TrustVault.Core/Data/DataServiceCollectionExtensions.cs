using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Audit;
using TrustVault.Core.Email;
using TrustVault.Core.Gateway;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the database chosen by <see cref="DatabaseOptions.Provider"/>.</summary>
    public static IServiceCollection AddTrustVaultDatabase(this IServiceCollection services, DatabaseOptions options, string contentRootPath)
    {
        services.AddSingleton<TimestampsInterceptor>();
        services.AddSingleton<WebhookOutboxInterceptor>();
        services.AddSingleton<EmailOutboxInterceptor>();
        services.AddSingleton<GatewayAccessInterceptor>();
        services.AddSingleton<StoredTimeInterceptor>();
        services.AddTransient<DatabaseInitializer>();
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => services.AddProviderContext<SqliteTrustVaultDbContext>(
                builder => builder.UseSqlite(options.SqliteConnectionString(contentRootPath)).AddInterceptors(new SqliteConnectionSettings())),
            DatabaseProvider.SqlServer => services.AddProviderContext<SqlServerTrustVaultDbContext>(
                builder => builder.UseSqlServer(options.ConnectionString
                    ?? throw new InvalidOperationException("Database:ConnectionString is required for the SqlServer provider."))),
            DatabaseProvider.PostgreSql => services.AddProviderContext<PostgresTrustVaultDbContext>(
                builder => builder.UseNpgsql(options.ConnectionString
                    ?? throw new InvalidOperationException("Database:ConnectionString is required for the PostgreSql provider."))),
            _ => throw new InvalidOperationException($"Unknown database provider '{options.Provider}'."),
        };
    }

    private static IServiceCollection AddProviderContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> useProvider)
        where TContext : TrustVaultDbContext
    {
        services.AddDbContextFactory<TContext>((provider, builder) =>
        {
            useProvider(builder);
            builder.AddInterceptors(provider.GetRequiredService<TimestampsInterceptor>(), provider.GetRequiredService<WebhookOutboxInterceptor>(), provider.GetRequiredService<EmailOutboxInterceptor>(),
                provider.GetRequiredService<GatewayAccessInterceptor>(),
                // Last: after the other interceptors have stamped or added what they save.
                provider.GetRequiredService<StoredTimeInterceptor>());
        });
        services.AddSingleton<IDbContextFactory<TrustVaultDbContext>, ProviderDbContextFactory<TContext>>();
        services.AddScoped<TrustVaultDbContext>(provider => provider.GetRequiredService<TContext>());
        return services;
    }
}
