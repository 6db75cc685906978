using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TrustVault.Core.Data;

/// <summary>Brings the database to the current schema at start.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<TrustVaultDbContext> contexts)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // WAL lets readers run while the writer commits; the mode is stored in the file, so once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
