using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Keys;

/// <summary>
/// Moves keys' last-use times forward, never back: the keys table's own write, which a usage writer calls with each batch
/// on its context (here, through EF, for SQL Server) or its connection (<see cref="SqliteKeyLastUseUpdate"/>,
/// <see cref="PostgresKeyLastUseUpdate"/>).
/// </summary>
internal static class KeyLastUseUpdate
{
    public static async Task StoreAsync(TrustVaultDbContext db, IReadOnlyDictionary<Guid, DateTimeOffset> uses)
    {
        // Each key is found by its id, whichever organization holds it.
        foreach (var (keyId, lastUsed) in uses)
        {
            await db.ApiKeys.AcrossOrganizations().Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < lastUsed))
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, lastUsed));
        }
    }
}
