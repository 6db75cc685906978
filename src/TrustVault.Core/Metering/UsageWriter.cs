using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>Opens the writer that suits the configured store.</summary>
internal static class UsageWriter
{
    /// <summary>SQLite's and PostgreSQL's writers keep their connection and statements; SQL Server writes through EF.</summary>
    public static async Task<IUsageWriter> OpenAsync(IDbContextFactory<TrustVaultDbContext> contexts, ILogger logger)
    {
        var db = await contexts.CreateDbContextAsync();
        if (db.Database.IsSqlite())
        {
            return await SqliteUsageWriter.OpenAsync(db, contexts, logger);
        }

        if (db.Database.IsNpgsql())
        {
            return await PostgresUsageWriter.OpenAsync(db);
        }

        await db.DisposeAsync();
        return new EfUsageWriter(contexts);
    }
}
