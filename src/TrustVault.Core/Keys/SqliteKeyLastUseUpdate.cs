using System.Data.Common;
using TrustVault.Core.Data;

namespace TrustVault.Core.Keys;

/// <summary>
/// SQLite's form of <see cref="KeyLastUseUpdate"/>: one UPDATE prepared on the usage writer's connection and reused for
/// every key of every batch, run in the batch's transaction (preparing it per batch cost more than a small batch's rows).
/// </summary>
internal sealed class SqliteKeyLastUseUpdate : IAsyncDisposable
{
    private readonly DbCommand command;
    private readonly DbParameter key;
    private readonly DbParameter at;

    /// <param name="connection">The usage writer's connection, which it keeps open for its lifetime.</param>
    public SqliteKeyLastUseUpdate(DbConnection connection)
    {
        command = connection.CreateCommand();
        command.CommandText = """
            UPDATE "ApiKeys" SET "LastUsedAt" = $at
            WHERE "Id" = $key AND ("LastUsedAt" IS NULL OR "LastUsedAt" < $at)
            """;
        key = SqliteStorage.AddParameter(command, "$key");
        at = SqliteStorage.AddParameter(command, "$at");
    }

    /// <summary>Once the connection is open.</summary>
    public Task PrepareAsync() => command.PrepareAsync();

    public async Task StoreAsync(DbTransaction transaction, IReadOnlyDictionary<Guid, DateTimeOffset> uses)
    {
        command.Transaction = transaction;
        foreach (var (keyId, lastUsed) in uses)
        {
            key.Value = SqliteStorage.GuidText(keyId);
            at.Value = SqliteStorage.Timestamp(lastUsed);
            await command.ExecuteNonQueryAsync();
        }
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
