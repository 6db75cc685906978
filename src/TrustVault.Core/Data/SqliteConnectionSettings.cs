using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TrustVault.Core.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, synchronous=NORMAL syncs at checkpoints rather than at
/// every commit: a commit survives the process being killed (it is in the WAL, handed to the OS) and
/// only an operating-system crash can lose the last ones; this is what lets metering commit often.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
