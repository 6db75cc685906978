using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;

namespace TrustVault.Tests.Data;

public sealed class MigrationsTests
{
    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for SqliteTrustVaultDbContext.");
        Assert.NotEmpty(context.Database.GetMigrations());
    }

    [Fact]
    public void The_sql_server_migrations_match_the_model()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for SqlServerTrustVaultDbContext.");
        Assert.Equal(sqlite.Database.GetMigrations().Select(Name), context.Database.GetMigrations().Select(Name));
    }

    // Migration ids start with a timestamp that differs between the two sets; the names must match one for one.
    private static string Name(string migrationId) => migrationId[(migrationId.IndexOf('_', StringComparison.Ordinal) + 1)..];
}
