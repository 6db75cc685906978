using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

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

    [Fact]
    public void The_postgres_migrations_match_the_model()
    {
        using var context = new PostgresDesignTimeFactory().CreateDbContext([]);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for PostgresTrustVaultDbContext.");
        Assert.Equal(sqlite.Database.GetMigrations().Select(Name), context.Database.GetMigrations().Select(Name));
    }

    // Migration ids start with a timestamp that differs between the sets; the names must match one for one.
    private static string Name(string migrationId) => migrationId[(migrationId.IndexOf('_', StringComparison.Ordinal) + 1)..];

    /// <summary>Each migrations set applied to an empty database of its provider leaves nothing pending.</summary>
    public abstract class ApplyTests(DatabaseProvider provider) : IAsyncLifetime
    {
        private readonly CoreTestHost host = CoreTestHost.On(provider);

        public Task InitializeAsync() => host.InitializeAsync();

        public Task DisposeAsync() => host.DisposeAsync();

        [Fact]
        public async Task Every_migration_applies_to_an_empty_database()
        {
            await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(0, await db.UsageEvents.CountAsync());
        }

        public sealed class OnSqlite() : ApplyTests(DatabaseProvider.Sqlite);

        [Trait(PostgresTests.Trait, PostgresTests.Value)]
        public sealed class OnPostgres() : ApplyTests(DatabaseProvider.PostgreSql);
    }
}
