using Microsoft.Data.Sqlite;

namespace TrustVault.Tests.Infrastructure;

/// <summary>A SQLite file of its own under the temp folder, deleted when the test class is done.</summary>
public sealed class TestDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"trustvault-test-{Guid.NewGuid():N}.db");

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
