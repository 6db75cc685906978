using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using TrustVault.Core;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;

namespace TrustVault.Bench;

/// <summary>
/// The two ways to commit a usage batch on PostgreSQL in few round trips, one writer committing batch after batch at
/// several batch sizes: the writer's single unnest statement, and a binary COPY into a staging table followed by an
/// INSERT ... ON CONFLICT DO NOTHING from it (COPY alone cannot skip a request id already stored). Both keep the
/// guarantee: the commit returns after the WAL flush.
/// </summary>
internal static class PostgresBatchShapes
{
    public static async Task RunAsync(string server)
    {
        foreach (var size in new[] { 1, 10, 100, 1_000, 10_000 })
        {
            var events = Math.Min(200_000, size * 2_000);
            var unnest = await MeasureAsync(server, size, events, db => OpenUnnestAsync(db));
            var copy = await MeasureAsync(server, size, events, db => CopyUsageWriter.OpenAsync(db));
            Console.WriteLine($"batch {size,6:N0}: unnest {unnest,9:N0} events/s   binary COPY {copy,9:N0} events/s   ({events:N0} events each)");
        }
    }

    private static async Task<IUsageWriter> OpenUnnestAsync(TrustVaultDbContext db) => await PostgresUsageWriter.OpenAsync(db);

    private static async Task<double> MeasureAsync(string server, int size, int events, Func<TrustVaultDbContext, Task<IUsageWriter>> open)
    {
        await using var database = await BenchPostgres.CreateAsync(server);
        var contexts = database.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>();
        await using var writer = await open(await contexts.CreateDbContextAsync());
        var organization = Guid.NewGuid();
        var key = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < events; start += size)
        {
            var batch = Enumerable.Range(start, size).Select(i => new UsageEvent
            {
                RequestId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                At = DateTimeOffset.UtcNow,
                OrganizationId = organization,
                SubscriptionId = organization,
                ApiKeyId = key,
                Method = "GET",
                Route = "/bench/v1/ping",
                Status = 200,
                LatencyMs = 3,
                Bytes = 100,
            }).ToList();
            if ((await writer.WriteAsync(batch, e => e)).Count != size)
            {
                throw new InvalidOperationException("A batch lost events.");
            }
        }

        return events / clock.Elapsed.TotalSeconds;
    }

    /// <summary>COPY's shape of the batch: stage, then move what is new; three round trips (COPY, INSERT, COMMIT).</summary>
    private sealed class CopyUsageWriter(TrustVaultDbContext db, NpgsqlConnection connection) : IUsageWriter
    {
        public static async Task<IUsageWriter> OpenAsync(TrustVaultDbContext db)
        {
            await db.Database.OpenConnectionAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var stage = new NpgsqlCommand("""
                CREATE TEMP TABLE staged ON COMMIT DELETE ROWS AS
                SELECT "RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest", "IsUnknownEndpoint", "Day"
                FROM "UsageEvents" WITH NO DATA
                """, connection);
            await stage.ExecuteNonQueryAsync();
            return new CopyUsageWriter(db, connection);
        }

        public async Task<List<T>> WriteAsync<T>(IReadOnlyList<T> items, Func<T, UsageEvent> usage)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var copy = await connection.BeginBinaryImportAsync("""
                COPY staged ("RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest", "IsUnknownEndpoint", "Day") FROM STDIN (FORMAT BINARY)
                """))
            {
                foreach (var e in items.Select(usage))
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(e.RequestId, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.At.ToUniversalTime(), NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(e.OrganizationId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.SubscriptionId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.ListingId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.ApiKeyId, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(e.Method, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.Route, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(e.Status, NpgsqlDbType.Integer);
                    await copy.WriteAsync(e.LatencyMs, NpgsqlDbType.Integer);
                    await copy.WriteAsync(e.Bytes, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(e.IsTest, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(e.IsUnknownEndpoint, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(e.Day, NpgsqlDbType.Date);
                }

                await copy.CompleteAsync();
            }

            var inserted = new HashSet<string>(StringComparer.Ordinal);
            await using (var move = new NpgsqlCommand("""
                INSERT INTO "UsageEvents" ("RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest", "IsUnknownEndpoint", "Day")
                SELECT "RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest", "IsUnknownEndpoint", "Day" FROM staged
                ON CONFLICT ("RequestId") DO NOTHING RETURNING "RequestId"
                """, connection, transaction))
            await using (var reader = await move.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    inserted.Add(reader.GetString(0));
                }
            }

            await transaction.CommitAsync();
            return [.. items.Where(i => inserted.Remove(usage(i).RequestId))];
        }

        public ValueTask DisposeAsync() => db.DisposeAsync();
    }
}

/// <summary>A fresh database on the PostgreSQL server named by TRUSTVAULT_BENCH_POSTGRES, migrated, dropped at the end.</summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    public const string ServerVariable = "TRUSTVAULT_BENCH_POSTGRES";

    private readonly string connectionString;

    private BenchPostgres(string connectionString, ServiceProvider services) => (this.connectionString, Services) = (connectionString, services);

    public ServiceProvider Services { get; }

    public static string Server() => Environment.GetEnvironmentVariable(ServerVariable)
        ?? throw new InvalidOperationException($"Set {ServerVariable} to a PostgreSQL server's connection string (a database of the run's own is made and dropped there).");

    public static async Task<BenchPostgres> CreateAsync(string server)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"trustvault_bench_{Guid.NewGuid():N}" }.ToString();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTrustVaultCore(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }, Path.GetTempPath())
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        return new BenchPostgres(connectionString, services);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(connectionString);
        var name = admin.Database;
        admin.Database = "postgres";
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
