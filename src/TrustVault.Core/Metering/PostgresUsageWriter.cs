using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TrustVault.Core.Data;
using TrustVault.Core.Keys;

namespace TrustVault.Core.Metering;

/// <summary>
/// PostgreSQL's path for usage batches: the events are one prepared INSERT whose parameters are one array per column,
/// unnested on the server, sent in one batch with the keys' last-use update (<see cref="PostgresKeyLastUseUpdate"/>).
/// A batch without a transaction of its own runs as one implicit transaction, so a usage batch costs one round trip and
/// one commit whatever its size, and the commit returns once the WAL is flushed (PostgreSQL's default
/// synchronous_commit), which is what lets the recorder complete the callers. A binary COPY needs a staging table to
/// skip request ids already stored, and three round trips: it was half as fast at the batch sizes the gateway makes
/// (up to a few hundred events) and only drew level at 10,000 (bench/README.md).
/// The connection and the prepared statements are kept for the writer's lifetime.
/// </summary>
internal sealed class PostgresUsageWriter : IUsageWriter
{
    private const string Insert = """
        INSERT INTO "UsageEvents"
        ("RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest", "IsUnknownEndpoint", "IsGatewayRefusal", "Day")
        SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        ON CONFLICT ("RequestId") DO NOTHING
        RETURNING "RequestId"
        """;

    private static readonly NpgsqlDbType[] Columns =
    [
        NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid,
        NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Bigint,
        NpgsqlDbType.Boolean, NpgsqlDbType.Boolean, NpgsqlDbType.Boolean, NpgsqlDbType.Date,
    ];

    private readonly TrustVaultDbContext db;
    private readonly NpgsqlBatch batch;
    private readonly NpgsqlParameterCollection values;
    private readonly PostgresKeyLastUseUpdate touchKeys = new();
    private readonly KeyLastUses keyUses = new();

    private PostgresUsageWriter(TrustVaultDbContext db)
    {
        this.db = db;
        var insert = new NpgsqlBatchCommand(Insert);
        foreach (var type in Columns)
        {
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type });
        }

        values = insert.Parameters;
        batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection()) { BatchCommands = { insert, touchKeys.Command } };
    }

    /// <param name="db">A context on the PostgreSQL store, owned by the writer from now on: its connection stays open until the writer is disposed.</param>
    public static async Task<PostgresUsageWriter> OpenAsync(TrustVaultDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        var writer = new PostgresUsageWriter(db);
        try
        {
            await writer.batch.PrepareAsync();
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
        var events = items.Select(usage).ToList();
        var due = keyUses.Due(events.Select(e => (e.ApiKeyId, e.At)));
        values[0].Value = events.Select(e => e.RequestId).ToArray();
        values[1].Value = events.Select(e => e.At.ToUniversalTime()).ToArray();
        values[2].Value = events.Select(e => e.OrganizationId).ToArray();
        values[3].Value = events.Select(e => e.SubscriptionId).ToArray();
        values[4].Value = events.Select(e => e.ListingId).ToArray();
        values[5].Value = events.Select(e => e.ApiKeyId).ToArray();
        values[6].Value = events.Select(e => e.Method).ToArray();
        values[7].Value = events.Select(e => e.Route).ToArray();
        values[8].Value = events.Select(e => e.Status).ToArray();
        values[9].Value = events.Select(e => e.LatencyMs).ToArray();
        values[10].Value = events.Select(e => e.Bytes).ToArray();
        values[11].Value = events.Select(e => e.IsTest).ToArray();
        values[12].Value = events.Select(e => e.IsUnknownEndpoint).ToArray();
        values[13].Value = events.Select(e => e.IsGatewayRefusal).ToArray();
        values[14].Value = events.Select(e => e.Day).ToArray();
        touchKeys.Set(due);

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                inserted.Add(reader.GetString(0));
            }
        }

        keyUses.Stored(due);

        // A request id twice in one batch is inserted once, for its first item, as a retried write counts once.
        return [.. items.Where((item, i) => inserted.Remove(events[i].RequestId))];
    }

    public async ValueTask DisposeAsync()
    {
        await batch.DisposeAsync();
        await db.DisposeAsync();
    }
}
