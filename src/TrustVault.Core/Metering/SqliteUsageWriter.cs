using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Keys;

namespace TrustVault.Core.Metering;

/// <summary>
/// SQLite's fast path for usage batches: one connection held for the writer's lifetime, with a prepared
/// INSERT OR IGNORE and the keys' prepared last-use UPDATE (<see cref="SqliteKeyLastUseUpdate"/>) reused for every row of
/// every batch, one transaction per batch.
/// EF's per-entity inserts (each returning its id) capped the writer at about 15,000 events/s, and opening a context,
/// a connection and preparing the statements for every batch cost more than the rows of a small batch (bench/README.md).
/// Values are written exactly as the EF model stores them, so EF reads them back unchanged.
/// The batches' commits never checkpoint the WAL themselves (a checkpoint syncs the files to disk, and every caller of
/// the batch would wait for it): a passive checkpoint runs on another connection at most once a second instead, beside
/// the commits, and the writer finishes it before its next batch (<see cref="FinishCheckpointAsync"/>).
/// </summary>
internal sealed partial class SqliteUsageWriter : IUsageWriter
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    // SQLite's default, given back to the pooled connection when the writer closes.
    private const int DefaultAutoCheckpointPages = 1000;

    // A flag's stored value, boxed once rather than for every event.
    private static readonly object True = 1;
    private static readonly object False = 0;

    private readonly TrustVaultDbContext db;
    private readonly IDbContextFactory<TrustVaultDbContext> contexts;
    private readonly ILogger logger;
    private readonly DbConnection connection;
    private readonly DbCommand insert;
    private readonly DbParameter[] values;
    private readonly SqliteKeyLastUseUpdate touchKeys;
    private readonly KeyLastUses keyUses = new();
    private readonly StoredIds ids = new();
    private Task checkpoint = Task.CompletedTask;
    private bool checkpointToFinish;
    private long lastCheckpoint = Stopwatch.GetTimestamp();

    private SqliteUsageWriter(TrustVaultDbContext db, IDbContextFactory<TrustVaultDbContext> contexts, ILogger logger)
    {
        this.db = db;
        this.contexts = contexts;
        this.logger = logger;
        connection = db.Database.GetDbConnection();
        insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT OR IGNORE INTO "UsageEvents"
            ("RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest", "IsUnknownEndpoint", "IsGatewayRefusal", "Day")
            VALUES ($requestId, $at, $organization, $subscription, $listing, $key, $method, $route, $status, $latency, $bytes, $test, $unknownEndpoint, $gatewayRefusal, $day)
            """;
        values = [.. new[] { "$requestId", "$at", "$organization", "$subscription", "$listing", "$key", "$method", "$route", "$status", "$latency", "$bytes", "$test", "$unknownEndpoint", "$gatewayRefusal", "$day" }
            .Select(name => SqliteStorage.AddParameter(insert, name))];
        touchKeys = new SqliteKeyLastUseUpdate(connection);
    }

    /// <param name="db">A context on the SQLite store, owned by the writer from now on: its connection stays open until the writer is disposed.</param>
    /// <param name="contexts">For the checkpoints' own connections.</param>
    public static async Task<SqliteUsageWriter> OpenAsync(TrustVaultDbContext db, IDbContextFactory<TrustVaultDbContext> contexts, ILogger logger)
    {
        await db.Database.OpenConnectionAsync();
        var writer = new SqliteUsageWriter(db, contexts, logger);
        try
        {
            await ExecuteAsync(writer.connection, "PRAGMA wal_autocheckpoint=0");
            await writer.insert.PrepareAsync();
            await writer.touchKeys.PrepareAsync();
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    public async Task<List<T>> WriteAsync<T>(IReadOnlyList<T> items, Func<T, UsageEvent> usage)
    {
        await FinishCheckpointAsync();
        var inserted = new List<T>(items.Count);
        var due = keyUses.Due(items.Select(usage).Select(e => (e.ApiKeyId, e.At)));
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            insert.Transaction = transaction;
            foreach (var item in items)
            {
                var e = usage(item);
                values[0].Value = e.RequestId;
                values[1].Value = SqliteStorage.Timestamp(e.At);
                values[2].Value = ids.Text(e.OrganizationId);
                values[3].Value = e.SubscriptionId is { } subscription ? ids.Text(subscription) : DBNull.Value;
                values[4].Value = e.ListingId is { } listing ? ids.Text(listing) : DBNull.Value;
                values[5].Value = ids.Text(e.ApiKeyId);
                values[6].Value = e.Method;
                values[7].Value = e.Route;
                values[8].Value = e.Status;
                values[9].Value = e.LatencyMs;
                values[10].Value = e.Bytes;
                values[11].Value = e.IsTest ? True : False;
                values[12].Value = e.IsUnknownEndpoint ? True : False;
                values[13].Value = e.IsGatewayRefusal ? True : False;
                values[14].Value = ids.Day(e.Day);
                if (await insert.ExecuteNonQueryAsync() == 1)
                {
                    inserted.Add(item);
                }
            }

            await touchKeys.StoreAsync(transaction, due);
            await transaction.CommitAsync();
        }

        keyUses.Stored(due);
        StartCheckpointWhenDue();
        return inserted;
    }

    public async ValueTask DisposeAsync()
    {
        await checkpoint;
        await insert.DisposeAsync();
        await touchKeys.DisposeAsync();
        try
        {
            await ExecuteAsync(connection, $"PRAGMA wal_autocheckpoint={DefaultAutoCheckpointPages}");
        }
        finally
        {
            await db.DisposeAsync();
        }
    }

    private void StartCheckpointWhenDue()
    {
        if (checkpoint.IsCompleted && Stopwatch.GetElapsedTime(lastCheckpoint) >= CheckpointInterval)
        {
            lastCheckpoint = Stopwatch.GetTimestamp();
            checkpoint = Task.Run(CheckpointAsync);
            checkpointToFinish = true;
        }
    }

    /// <summary>
    /// Copies into the database what the last background checkpoint could not: the frames committed while it ran. SQLite
    /// starts the WAL over only when a write begins with every frame copied, which under a steady load never happened, so
    /// the WAL grew without end (2 GB in 400,000 bench calls, every commit appending to the file). What is left after the
    /// background copy is what a few milliseconds of commits wrote: a short copy and two syncs (WAL, then database), once
    /// a second.
    /// </summary>
    private async Task FinishCheckpointAsync()
    {
        if (!checkpointToFinish || !checkpoint.IsCompleted)
        {
            return;
        }

        checkpointToFinish = false;
        try
        {
            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (SqliteException e)
        {
            LogCheckpointFailed(logger, e);
        }
    }

    /// <summary>Copies what it can of the WAL into the database without waiting for readers or the writer.</summary>
    private async Task CheckpointAsync()
    {
        try
        {
            await using var checkpointer = await contexts.CreateDbContextAsync();
            await checkpointer.Database.OpenConnectionAsync();
            await ExecuteAsync(checkpointer.Database.GetDbConnection(), "PRAGMA wal_checkpoint(PASSIVE)");
        }
        catch (Exception e)
        {
            // The next one will try again; until then the WAL grows.
            LogCheckpointFailed(logger, e);
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The stored text of the ids and day of the writer's events. The same few organizations, subscriptions, listings,
    /// keys and one day recur in every batch, and formatting them anew took four strings per event.
    /// </summary>
    private sealed class StoredIds
    {
        // Far more than the ids of a busy hour; past it the cache starts over rather than grow.
        private const int MaxIds = 10_000;

        private readonly Dictionary<Guid, string> texts = [];
        private (DateOnly Day, string Text) day;

        public string Text(Guid id)
        {
            if (!texts.TryGetValue(id, out var text))
            {
                if (texts.Count == MaxIds)
                {
                    texts.Clear();
                }

                text = SqliteStorage.GuidText(id);
                texts.Add(id, text);
            }

            return text;
        }

        public string Day(DateOnly value)
        {
            if (day.Text is null || day.Day != value)
            {
                day = (value, SqliteStorage.Day(value));
            }

            return day.Text;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the usage store's WAL failed")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
