using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TrustVault.Core.Data.Backups;

/// <summary>
/// Copies the live SQLite database to <see cref="BackupOptions.Directory"/> while the app runs, then keeps the newest
/// <see cref="BackupOptions.Keep"/> copies. SQL Server and PostgreSQL are backed up by their own tools (pg_dump), so this
/// does nothing there.
/// </summary>
public sealed partial class DatabaseBackup(DatabaseOptions database, string contentRootPath, IOptions<BackupOptions> options, TimeProvider clock, ILogger<DatabaseBackup> logger)
{
    private const string Prefix = "trustvault-";
    private const string Extension = ".db";

    /// <summary>The new copy's path; null when backups are off or the database is not SQLite.</summary>
    public async Task<string?> BackUpAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            LogNotSqlite(logger, database.Provider);
            return null;
        }

        var settings = options.Value;
        if (!settings.Enabled)
        {
            return null;
        }

        var directory = Path.GetFullPath(settings.Directory ?? Path.Combine(database.DataDirectory, "backups"), contentRootPath);
        Directory.CreateDirectory(directory);
        // Sortable UTC names: the newest copies are the last by name.
        var target = Path.Combine(directory, Prefix + clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + Extension);
        // Written under another name and renamed when complete, so a copy cut short by a crash is never taken for a backup.
        var partial = target + ".partial";
        File.Delete(partial);
        await CopyAsync(partial, cancellationToken);
        File.Move(partial, target, overwrite: true);
        Prune(directory, settings.Keep);
        LogBackedUp(logger, target);
        return target;
    }

    /// <summary>
    /// VACUUM INTO reads one consistent snapshot in a read transaction, which in WAL mode blocks no writer; the copy is
    /// compacted and then put in WAL mode like the live file, so a restored database behaves as the original did.
    /// </summary>
    private async Task CopyAsync(string path, CancellationToken cancellationToken)
    {
        await using (var source = new SqliteConnection(database.SqliteConnectionString(contentRootPath)))
        {
            await source.OpenAsync(cancellationToken);
            await using var vacuum = source.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $path";
            vacuum.Parameters.AddWithValue("$path", path);
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await copy.OpenAsync(cancellationToken);
        await using var wal = copy.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        await wal.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Prune(string directory, int keep)
    {
        var expired = Directory.EnumerateFiles(directory, Prefix + "*" + Extension)
            .OrderDescending(StringComparer.Ordinal)
            .Skip(keep);
        foreach (var file in expired)
        {
            File.Delete(file);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backed up the database to {Path}.")]
    private static partial void LogBackedUp(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "No backup taken: the database is {Provider}, which its own tools back up (pg_dump for PostgreSQL).")]
    private static partial void LogNotSqlite(ILogger logger, DatabaseProvider provider);
}
