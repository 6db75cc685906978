using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Bench;

/// <summary>
/// Where the app under the gateway bench keeps its state for one run: a fresh SQLite file, or a throwaway PostgreSQL
/// cluster with a redis-server beside it (the multi-node setup: quotas, rate limits and invalidations in Redis). Removed
/// when disposed, whatever happened.
/// </summary>
internal sealed class GatewayStore : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly Func<ValueTask> remove;

    private GatewayStore(string name, DatabaseOptions database, Dictionary<string, string> appSettings, Func<ValueTask> remove)
    {
        Name = name;
        Database = database;
        AppSettings = appSettings;
        this.remove = remove;
    }

    public string Name { get; }

    /// <summary>For the bench's own arrangements in the database, through Core as the app reaches it.</summary>
    public DatabaseOptions Database { get; }

    /// <summary>The app's settings (environment variables) that point it at this store.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; }

    public static Task<GatewayStore> StartAsync(string name) => name switch
    {
        Sqlite => Task.FromResult(SqliteFile()),
        Postgres => PostgresAndRedisAsync(),
        _ => throw new ArgumentException($"Unknown store '{name}': {Sqlite} or {Postgres}.", nameof(name)),
    };

    public ValueTask DisposeAsync() => remove();

    private static GatewayStore SqliteFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"trustvault-bench-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={path}";
        return new GatewayStore("SQLite", new DatabaseOptions { ConnectionString = connectionString }, new() { ["Database__ConnectionString"] = connectionString }, () =>
        {
            // Hangfire's jobs live in a sibling file (JobsExtensions.SqliteStoragePath).
            foreach (var file in new[] { path, Path.ChangeExtension(path, ".hangfire.db") }.SelectMany(file => new[] { file, file + "-wal", file + "-shm" }))
            {
                File.Delete(file);
            }

            return ValueTask.CompletedTask;
        });
    }

    private static async Task<GatewayStore> PostgresAndRedisAsync()
    {
        var postgres = await ThrowawayPostgres.StartAsync();
        var redis = new RedisServer();
        try
        {
            await redis.StartAsync();
        }
        catch
        {
            await redis.DisposeAsync();
            await postgres.DisposeAsync();
            throw;
        }

        var connectionString = $"{postgres.Server};Database=trustvault_bench";
        // The bench ends the app with SIGKILL, which leaves the app's usage journal (docs/decisions/0035) behind.
        var journal = Directory.CreateTempSubdirectory("trustvault-bench-journal-").FullName;
        return new GatewayStore(
            "PostgreSQL + Redis",
            new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString },
            new()
            {
                ["Database__Provider"] = nameof(DatabaseProvider.PostgreSql),
                ["Database__ConnectionString"] = connectionString,
                ["Redis__Configuration"] = redis.Configuration,
                ["Metering__JournalDirectory"] = journal,
            },
            async () =>
            {
                Directory.Delete(journal, recursive: true);
                await redis.DisposeAsync();
                await postgres.DisposeAsync();
            });
    }
}
