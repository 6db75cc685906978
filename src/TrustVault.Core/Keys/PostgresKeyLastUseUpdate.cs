using Npgsql;
using NpgsqlTypes;

namespace TrustVault.Core.Keys;

/// <summary>
/// PostgreSQL's form of <see cref="KeyLastUseUpdate"/>: one UPDATE over arrays of key ids and times, a command that the
/// usage writer adds to its batch so that the keys' last uses travel and commit with the events in one round trip.
/// </summary>
internal sealed class PostgresKeyLastUseUpdate
{
    private readonly NpgsqlParameter keyIds = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };
    private readonly NpgsqlParameter usedAt = new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };

    public PostgresKeyLastUseUpdate()
    {
        Command = new NpgsqlBatchCommand("""
            UPDATE "ApiKeys" AS k SET "LastUsedAt" = u.at
            FROM unnest($1, $2) AS u(id, at)
            WHERE k."Id" = u.id AND (k."LastUsedAt" IS NULL OR k."LastUsedAt" < u.at)
            """);
        Command.Parameters.Add(keyIds);
        Command.Parameters.Add(usedAt);
    }

    public NpgsqlBatchCommand Command { get; }

    /// <summary>The uses the next run of <see cref="Command"/> stores (none is a no-op).</summary>
    public void Set(IReadOnlyDictionary<Guid, DateTimeOffset> uses)
    {
        keyIds.Value = uses.Keys.ToArray();
        usedAt.Value = uses.Values.Select(at => at.ToUniversalTime()).ToArray();
    }
}
