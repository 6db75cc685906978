using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Identity;

namespace TrustVault.Core.Data;

// Used only by `dotnet ef` to build each provider's migrations without starting the web app.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTrustVaultDbContext>
{
    public SqliteTrustVaultDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTrustVaultDbContext>()
            .UseSqlite("Data Source=design.db")
            .UseApplicationServiceProvider(DesignTimeServices.Identity)
            .Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerTrustVaultDbContext>
{
    public SqlServerTrustVaultDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerTrustVaultDbContext>()
            .UseSqlServer("Server=design;Database=TrustVault")
            .UseApplicationServiceProvider(DesignTimeServices.Identity)
            .Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTrustVaultDbContext>
{
    public PostgresTrustVaultDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTrustVaultDbContext>()
            .UseNpgsql("Host=design;Database=trustvault")
            .UseApplicationServiceProvider(DesignTimeServices.Identity)
            .Options);
}

internal static class DesignTimeServices
{
    /// <summary>Identity reads its schema version from the app's options; the design-time model must see the same one.</summary>
    public static IServiceProvider Identity { get; } = new ServiceCollection()
        .Configure<IdentityOptions>(IdentitySchema.Configure)
        .BuildServiceProvider();
}
