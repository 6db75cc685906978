using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>Opens the writer that suits the configured store; and what every writer derives from a batch.</summary>
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

    /// <summary>The latest call of each key among the events.</summary>
    public static Dictionary<Guid, DateTimeOffset> LastUses(IEnumerable<UsageEvent> events)
    {
        var lastUses = new Dictionary<Guid, DateTimeOffset>();
        foreach (var e in events)
        {
            if (!lastUses.TryGetValue(e.ApiKeyId, out var at) || e.At > at)
            {
                lastUses[e.ApiKeyId] = e.At;
            }
        }

        return lastUses;
    }
}
