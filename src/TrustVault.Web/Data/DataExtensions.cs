using Microsoft.Extensions.Options;
using TrustVault.Core;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Egress;
using TrustVault.Core.Email;
using TrustVault.Core.Identity;
using TrustVault.Core.Webhooks;
using TrustVault.Web.Api;

namespace TrustVault.Web.Data;

public static partial class DataExtensions
{
    public static WebApplicationBuilder AddTrustVaultData(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // The SQLite files, the usage journal and the key ring go there; a directory named in the settings may be new.
        Directory.CreateDirectory(Path.Combine(builder.Environment.ContentRootPath, database.DataDirectory));
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DemoSeedOptions>().BindConfiguration(DemoSeedOptions.SectionName);
        builder.Services.AddOptions<UpstreamOptions>().BindConfiguration(UpstreamOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTrustVaultCore(database, builder.Environment.ContentRootPath);
        builder.Services.Configure<LoggingEmailSenderOptions>(options => options.IncludeBody = builder.Environment.IsDevelopment());
        return builder;
    }

    /// <summary>
    /// Migrates (when configured), adds what every database has (the Admin role, the platform organization and its
    /// first-party listings), seeds an empty database with the demo data and says how to sign in, makes the account
    /// named by Admin:InitialEmail an administrator while there is none, then builds the catalog search index.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var seed = app.Services.GetRequiredService<IOptions<DemoSeedOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TrustVault.Startup");
        await using var scope = app.Services.CreateAsyncScope();
        if (database.MigrateOnStart)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(app.Lifetime.ApplicationStopping);
        }

        if (await scope.ServiceProvider.GetRequiredService<PlatformSeeder>().SeedAsync(app.Lifetime.ApplicationStopping))
        {
            LogPlatformSeeded(logger);
        }

        if (seed.DemoData)
        {
            if (await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(app.Lifetime.ApplicationStopping))
            {
                LogSeeded(logger);
            }

            foreach (var account in DemoSeedOptions.Accounts)
            {
                LogDemoAccount(logger, account.Kind, account.Email, account.Password, account.Organization);
            }

            LogDemoKey(logger, DemoSeedOptions.CustomerApiKey);
            LogDemoToken(logger, DemoSeedOptions.CustomerPersonalAccessToken);
        }

        if (await scope.ServiceProvider.GetRequiredService<InitialAdministrator>().GrantAsync(app.Lifetime.ApplicationStopping))
        {
            LogInitialAdministrator(logger);
        }

        // Secrets written before they were encrypted at rest; none after the first start.
        await scope.ServiceProvider.GetRequiredService<WebhookSecretProtector>().ProtectPlaintextAsync(app.Lifetime.ApplicationStopping);

        await scope.ServiceProvider.GetRequiredService<CatalogIndexer>().RebuildAsync(app.Lifetime.ApplicationStopping);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added the Admin role, the platform organization or first-party listings that the database lacked.")]
    private static partial void LogPlatformSeeded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Made the account named by Admin:InitialEmail an administrator, as no administrator could sign in.")]
    private static partial void LogInitialAdministrator(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo data into an empty database.")]
    private static partial void LogSeeded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = $"Demo API key (Globex Analytics): {{Key}} — send it as {GatewayHeaders.ApiKey} to /gw/ai-analytics/v1/ping")]
    private static partial void LogDemoKey(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo personal access token (customer): {Token} — send it as Authorization: Bearer to /api/v1/organizations")]
    private static partial void LogDemoToken(ILogger logger, string token);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo sign-in ({Kind}): {Email} / {Password} ({Organization})")]
    private static partial void LogDemoAccount(ILogger logger, DemoAccountKind kind, string email, string password, string organization);
}
