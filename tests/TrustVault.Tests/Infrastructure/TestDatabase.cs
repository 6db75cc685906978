using Microsoft.Data.Sqlite;

namespace TrustVault.Tests.Infrastructure;

/// <summary>A SQLite file of its own under the temp folder, deleted when the test class is done.</summary>
public sealed class TestDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"trustvault-test-{Guid.NewGuid():N}.db");

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();

    public void Dispose()
    {
        // The app keeps Hangfire's jobs in a file beside the database: x.db, x.hangfire.db.
        foreach (var database in new[] { Path, System.IO.Path.ChangeExtension(Path, ".hangfire.db") })
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
