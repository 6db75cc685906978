using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>
/// PostgreSQL's path for usage batches: the whole batch, events and keys' last uses, is one prepared statement whose
/// parameters are one array per column, unnested on the server. It runs as its own transaction, so a batch costs one
/// round trip and one commit whatever its size, and the commit returns once the WAL is flushed (PostgreSQL's default
/// synchronous_commit), which is what lets the recorder complete the callers. A binary COPY needs a staging table to
/// skip request ids already stored, and three round trips: it was half as fast at the batch sizes the gateway makes
/// (up to a few hundred events) and only drew level at 10,000 (bench/README.md).
/// The connection and the prepared statement are kept for the writer's lifetime.
/// </summary>
internal sealed class PostgresUsageWriter : IUsageWriter
{
    // The keys' update rides along as a data-modifying CTE: it runs even though the INSERT does not read it.
    private const string Sql = """
        WITH touched AS (
            UPDATE "ApiKeys" AS k SET "LastUsedAt" = u.at
            FROM unnest(@keyIds, @keyUsedAt) AS u(id, at)
            WHERE k."Id" = u.id AND (k."LastUsedAt" IS NULL OR k."LastUsedAt" < u.at)
        )
        INSERT INTO "UsageEvents"
        ("RequestId", "At", "OrganizationId", "SubscriptionId", "ListingId", "ApiKeyId", "Method", "Route", "Status", "LatencyMs", "Bytes", "IsTest", "IsUnknownEndpoint")
        SELECT * FROM unnest(@requestIds, @at, @organizationIds, @subscriptionIds, @listingIds, @apiKeyIds, @methods, @routes, @statuses, @latencies, @bytes, @isTest, @isUnknownEndpoint)
        ON CONFLICT ("RequestId") DO NOTHING
        RETURNING "RequestId"
        """;

    private readonly TrustVaultDbContext db;
    private readonly NpgsqlCommand command;
    private readonly KeyLastUses keyUses = new();

    private PostgresUsageWriter(TrustVaultDbContext db)
    {
        this.db = db;
        command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection());
        foreach (var (name, type) in Columns)
        {
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type));
        }
    }

    private static readonly (string Name, NpgsqlDbType Type)[] Columns =
    [
        ("keyIds", NpgsqlDbType.Uuid), ("keyUsedAt", NpgsqlDbType.TimestampTz),
        ("requestIds", NpgsqlDbType.Varchar), ("at", NpgsqlDbType.TimestampTz), ("organizationIds", NpgsqlDbType.Uuid),
        ("subscriptionIds", NpgsqlDbType.Uuid), ("listingIds", NpgsqlDbType.Uuid), ("apiKeyIds", NpgsqlDbType.Uuid),
        ("methods", NpgsqlDbType.Varchar), ("routes", NpgsqlDbType.Varchar), ("statuses", NpgsqlDbType.Integer),
        ("latencies", NpgsqlDbType.Integer), ("bytes", NpgsqlDbType.Bigint), ("isTest", NpgsqlDbType.Boolean),
        ("isUnknownEndpoint", NpgsqlDbType.Boolean),
    ];

    /// <param name="db">A context on the PostgreSQL store, owned by the writer from now on: its connection stays open until the writer is disposed.</param>
    public static async Task<PostgresUsageWriter> OpenAsync(TrustVaultDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        var writer = new PostgresUsageWriter(db);
        try
        {
            await writer.command.PrepareAsync();
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
        var due = keyUses.Due(events);
        var values = command.Parameters;
        values[0].Value = due.Keys.ToArray();
        values[1].Value = due.Values.Select(at => at.ToUniversalTime()).ToArray();
        values[2].Value = events.Select(e => e.RequestId).ToArray();
        values[3].Value = events.Select(e => e.At.ToUniversalTime()).ToArray();
        values[4].Value = events.Select(e => e.OrganizationId).ToArray();
        values[5].Value = events.Select(e => e.SubscriptionId).ToArray();
        values[6].Value = events.Select(e => e.ListingId).ToArray();
        values[7].Value = events.Select(e => e.ApiKeyId).ToArray();
        values[8].Value = events.Select(e => e.Method).ToArray();
        values[9].Value = events.Select(e => e.Route).ToArray();
        values[10].Value = events.Select(e => e.Status).ToArray();
        values[11].Value = events.Select(e => e.LatencyMs).ToArray();
        values[12].Value = events.Select(e => e.Bytes).ToArray();
        values[13].Value = events.Select(e => e.IsTest).ToArray();
        values[14].Value = events.Select(e => e.IsUnknownEndpoint).ToArray();

        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
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
        await command.DisposeAsync();
        await db.DisposeAsync();
    }
}
