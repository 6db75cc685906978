using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Keys;

namespace TrustVault.Core.Metering;

/// <summary>The usage writer for SQL Server: EF, a context per batch.</summary>
internal sealed class EfUsageWriter(IDbContextFactory<TrustVaultDbContext> contexts) : IUsageWriter
{
    private readonly KeyLastUses keyUses = new();

    public async Task<List<T>> WriteAsync<T>(IReadOnlyList<T> items, Func<T, UsageEvent> usage)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var written = await InsertAsync(db, items, usage);
        var due = keyUses.Due(items.Select(usage).Select(e => (e.ApiKeyId, e.At)));
        await KeyLastUseUpdate.StoreAsync(db, due);

        keyUses.Stored(due);
        return written;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Stores the events whose request id is not stored yet, each once: a retried write (the first attempt failed after
    /// its commit) finds its events stored. Looked up first rather than left to the request id's key, whose failure EF
    /// Core logs as an error although the batch is fine.
    /// </summary>
    private static async Task<List<T>> InsertAsync<T>(TrustVaultDbContext db, IReadOnlyList<T> items, Func<T, UsageEvent> usage)
    {
        var ids = items.Select(i => usage(i).RequestId).Distinct(StringComparer.Ordinal).ToList();
        var stored = (await db.UsageEvents.Where(e => ids.Contains(e.RequestId)).Select(e => e.RequestId).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var missing = items.Where(i => !stored.Contains(usage(i).RequestId)).DistinctBy(i => usage(i).RequestId).ToList();
        db.UsageEvents.AddRange(missing.Select(usage));
        await db.SaveChangesAsync();
        return missing;
    }
}
