using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using TrustVault.Core.Data;

namespace TrustVault.Web.Health;

public static class HealthExtensions
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddDbContextCheck<TrustVaultDbContext>("database", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>/health/live says the process answers; /health/ready also checks the database (and Redis when configured).</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
