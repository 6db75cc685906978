using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>
/// SQLite's fast path for a batch of usage events: one prepared INSERT OR IGNORE reused for every
/// row in one transaction, which also moves the keys' last use forward. EF's per-entity inserts (each returning its id) capped the writer at about
/// 15,000 events/s; this path is what lets metering keep up with the gateway (bench/README.md).
/// Values are written exactly as the EF model stores them, so EF reads them back unchanged.
/// </summary>
internal static class SqliteUsageInsert
{
    private static readonly DateTimeOffsetToBinaryConverter Timestamps = new();

    // SQLite's default: other connections' commits still checkpoint once the WAL holds this many pages.
    private const int DefaultAutoCheckpointPages = 1000;

    /// <returns>The events that were new (duplicates by request id are skipped).</returns>
    /// <param name="lastUses">The latest call of each key among the items: its LastUsedAt is moved forward to it.</param>
    public static async Task<List<T>> InsertAsync<T>(TrustVaultDbContext db, IReadOnlyList<T> items, Func<T, UsageEvent> usage, IReadOnlyDictionary<Guid, DateTimeOffset> lastUses)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            // This commit must not run the WAL checkpoint (UsageRecorder runs it beside the commits); the pooled connection gets its default back below.
            await ExecuteAsync(connection, "PRAGMA wal_autocheckpoint=0");
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO "UsageEvents"
                ("RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest")
                VALUES ($requestId, $at, $organization, $subscription, $listing, $key, $method, $route, $status, $latency, $bytes, $test)
                """;
            var parameters = new[] { "$requestId", "$at", "$organization", "$subscription", "$listing", "$key", "$method", "$route", "$status", "$latency", "$bytes", "$test" }
                .Select(name => Add(command, name)).ToArray();
            await command.PrepareAsync();
            var inserted = new List<T>(items.Count);
            foreach (var item in items)
            {
                var e = usage(item);
                parameters[0].Value = e.RequestId;
                parameters[1].Value = Timestamps.ConvertToProvider(e.At);
                parameters[2].Value = GuidText(e.OrganizationId);
                parameters[3].Value = e.SubscriptionId is { } subscription ? GuidText(subscription) : DBNull.Value;
                parameters[4].Value = e.ListingId is { } listing ? GuidText(listing) : DBNull.Value;
                parameters[5].Value = GuidText(e.ApiKeyId);
                parameters[6].Value = e.Method;
                parameters[7].Value = e.Route;
                parameters[8].Value = e.Status;
                parameters[9].Value = e.LatencyMs;
                parameters[10].Value = e.Bytes;
                parameters[11].Value = e.IsTest ? 1 : 0;
                if (await command.ExecuteNonQueryAsync() == 1)
                {
                    inserted.Add(item);
                }
            }

            await UpdateLastUsesAsync(connection, transaction, lastUses);
            await transaction.CommitAsync();
            return inserted;
        }
        finally
        {
            await ExecuteAsync(connection, $"PRAGMA wal_autocheckpoint={DefaultAutoCheckpointPages}");
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Copies what it can of the WAL into the database without waiting for readers or the writer.</summary>
    public static async Task CheckpointAsync(TrustVaultDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task UpdateLastUsesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<Guid, DateTimeOffset> lastUses)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE "ApiKeys" SET "LastUsedAt" = $at
            WHERE "Id" = $key AND ("LastUsedAt" IS NULL OR "LastUsedAt" < $at)
            """;
        var key = Add(command, "$key");
        var at = Add(command, "$at");
        foreach (var (keyId, lastUsed) in lastUses)
        {
            key.Value = GuidText(keyId);
            at.Value = Timestamps.ConvertToProvider(lastUsed);
            await command.ExecuteNonQueryAsync();
        }
    }

    // EF Core's SQLite provider stores GUIDs as upper-case text.
    private static string GuidText(Guid value) => value.ToString().ToUpperInvariant();

    private static DbParameter Add(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
