using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>Opens the writer that suits the configured store.</summary>
internal static class UsageWriter
{
    /// <summary>SQLite's writer keeps its connection and statements; other stores write through EF.</summary>
    public static async Task<IUsageWriter> OpenAsync(IDbContextFactory<TrustVaultDbContext> contexts, ILogger logger)
    {
        var db = await contexts.CreateDbContextAsync();
        if (db.Database.IsSqlite())
        {
            return await SqliteUsageWriter.OpenAsync(db, contexts, logger);
        }

        await db.DisposeAsync();
        return new EfUsageWriter(contexts);
    }
}
