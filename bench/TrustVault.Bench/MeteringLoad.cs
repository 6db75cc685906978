using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrustVault.Core;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;

namespace TrustVault.Bench;

/// <summary>
/// Sustained usage events per second into the SQLite store (or PostgreSQL) through the group-commit writer, with
/// many concurrent callers each waiting for durability, as the gateway does. Checks count in = count stored.
/// </summary>
internal static class MeteringLoad
{
    public static async Task RunAsync(int events, int callers)
    {
        var path = Path.Combine(Path.GetTempPath(), $"trustvault-bench-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddTrustVaultCore(new DatabaseOptions { ConnectionString = $"Data Source={path}" }, Path.GetTempPath())
            .BuildServiceProvider();
        try
        {
            await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);

            // SQLite reuses the WAL file from its start rather than shrinking it, so its size is the most it ever held.
            await RecordAsync(services, events, callers, () => $"; WAL file at most {new FileInfo(path + "-wal").Length / 1_048_576.0:0} MB");
        }
        finally
        {
            await services.DisposeAsync();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The same load into a fresh database on the PostgreSQL server named by TRUSTVAULT_BENCH_POSTGRES.</summary>
    public static async Task RunOnPostgresAsync(int events, int callers)
    {
        await using var database = await BenchPostgres.CreateAsync(BenchPostgres.Server());
        await RecordAsync(database.Services, events, callers, () => "");
    }

    private static async Task RecordAsync(IServiceProvider services, int events, int callers, Func<string> storeReport)
    {
        var recorder = services.GetRequiredService<UsageRecorder>();
        var writer = Task.Run(recorder.RunAsync);
        var subscription = Guid.NewGuid();
        var organization = Guid.NewGuid();
        var key = Guid.NewGuid();
        var perCaller = events / callers;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                await recorder.RecordAsync(new UsageEvent
                {
                    RequestId = $"{caller}-{i}",
                    At = DateTimeOffset.UtcNow,
                    OrganizationId = organization,
                    SubscriptionId = subscription,
                    ApiKeyId = key,
                    Method = "GET",
                    Route = "/bench/v1/ping",
                    Status = 200,
                    LatencyMs = 3,
                    Bytes = 100,
                }, DateTimeOffset.UnixEpoch, reserved: false, CancellationToken.None);
            }
        })));
        var elapsed = clock.Elapsed;
        var report = storeReport();
        recorder.Complete();
        await writer;
        // On PostgreSQL the callers were answered once their events were journaled; this is when the last was imported too.
        var drained = clock.Elapsed;

        await using var db = await services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var stored = await db.UsageEvents.CountAsync();
        var sent = perCaller * callers;
        Console.WriteLine($"metering: {sent:N0} events from {callers} concurrent callers in {elapsed.TotalSeconds:0.00} s = {sent / elapsed.TotalSeconds:N0} events/s; stored {stored:N0} ({(stored == sent ? "no loss" : "LOSS")}), all stored after {drained.TotalSeconds:0.00} s{report}");
    }
}
