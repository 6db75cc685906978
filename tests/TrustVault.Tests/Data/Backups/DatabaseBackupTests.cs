using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Backups;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Data.Backups;

public sealed class DatabaseBackupTests : IAsyncLifetime
{
    private readonly string backups = Path.Combine(Path.GetTempPath(), $"trustvault-backups-{Guid.NewGuid():N}");
    private readonly CoreTestHost host;

    public DatabaseBackupTests() =>
        host = CoreTestHost.Node(services => services.Configure<BackupOptions>(options => (options.Directory, options.Keep) = (backups, 2)));

    public Task InitializeAsync() => host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        if (Directory.Exists(backups))
        {
            Directory.Delete(backups, recursive: true);
        }
    }

    private DatabaseBackup Backup => host.Get<DatabaseBackup>();

    [Fact]
    public async Task Each_backup_is_a_complete_database_in_WAL_mode_and_only_the_newest_ones_are_kept()
    {
        var taken = new List<string>();
        for (var day = 0; day < 3; day++)
        {
            taken.Add((await Backup.BackUpAsync(CancellationToken.None))!);
            host.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(taken.Skip(1).Order(StringComparer.Ordinal), Directory.GetFiles(backups).Order(StringComparer.Ordinal));
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = taken[^1], Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(copy, "PRAGMA journal_mode"));
        Assert.Equal("ok", await ScalarAsync(copy, "PRAGMA integrity_check"));
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Equal((long)(await db.Database.GetAppliedMigrationsAsync()).Count(), await ScalarAsync(copy, "SELECT COUNT(*) FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task Turned_off_it_writes_nothing()
    {
        host.Get<IOptions<BackupOptions>>().Value.Enabled = false;

        Assert.Null(await Backup.BackUpAsync(CancellationToken.None));
        Assert.False(Directory.Exists(backups));
    }

    [Fact]
    public async Task By_default_the_copies_go_to_backups_in_the_data_directory_not_the_content_root()
    {
        var data = Path.Combine(Path.GetTempPath(), $"trustvault-data-{Guid.NewGuid():N}");
        var contentRoot = Path.Combine(Path.GetTempPath(), $"trustvault-content-{Guid.NewGuid():N}");
        try
        {
            var database = new DatabaseOptions { DataDirectory = data };
            Directory.CreateDirectory(data);
            var backup = new DatabaseBackup(database, contentRoot, Options.Create(new BackupOptions()), host.Clock, NullLogger<DatabaseBackup>.Instance);

            var copy = await backup.BackUpAsync(CancellationToken.None);

            Assert.Equal(Path.Combine(data, "backups"), Path.GetDirectoryName(copy));
            Assert.False(Directory.Exists(contentRoot));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
