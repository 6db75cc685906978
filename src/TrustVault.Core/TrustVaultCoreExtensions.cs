using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Email;
using TrustVault.Core.Organizations;

namespace TrustVault.Core;

public static class TrustVaultCoreExtensions
{
    /// <summary>Registers the database and the Core services the web app calls.</summary>
    public static IServiceCollection AddTrustVaultCore(this IServiceCollection services, DatabaseOptions database, string contentRootPath)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEmailSender, LoggingEmailSender>();
        services.AddTrustVaultDatabase(database, contentRootPath);
        services.AddScoped<OrganizationService>();
        services.AddScoped<DemoSeeder>();
        return services;
    }
}
