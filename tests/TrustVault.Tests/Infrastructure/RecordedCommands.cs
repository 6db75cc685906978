using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;

namespace TrustVault.Tests.Infrastructure;

/// <summary>A query a context sent: its SQL and its parameters' values as text.</summary>
public sealed record RecordedCommand(string Sql, IReadOnlyList<string> Values);

/// <summary>
/// The queries a <see cref="CoreTestHost"/>'s contexts send, for tests of what a page or service asks the database for
/// (which rows, which columns) where its answer alone cannot tell: <c>CoreTestHost.Node(commands.AddTo)</c>.
/// </summary>
public sealed class RecordedCommands : DbCommandInterceptor
{
    private readonly ConcurrentQueue<RecordedCommand> commands = new();

    public IReadOnlyList<RecordedCommand> All => [.. commands];

    /// <summary>Records the queries of every context of the SQLite host these services build.</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureDbContext<SqliteTrustVaultDbContext>(builder => builder.AddInterceptors(this), ServiceLifetime.Singleton);

    public void Clear() => commands.Clear();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command) =>
        commands.Enqueue(new RecordedCommand(command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")]));
}
