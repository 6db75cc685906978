using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;

namespace TrustVault.Core.Keys;

/// <summary>What the gateway needs of a key, as stored.</summary>
public sealed record StoredKey(Guid Id, Guid OrganizationId, byte[] SecretHash, bool IsTest, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>
/// Keys by key id, kept for at most one second so the gateway does not ask the database on every call.
/// Revoking in this process drops the entry at once; the one-second lifetime bounds how stale any entry can be.
/// </summary>
public sealed class ApiKeyCache(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (StoredKey Key, DateTimeOffset FetchedAt)> entries = new(StringComparer.Ordinal);

    public async ValueTask<StoredKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(keyId, out var entry) && now - entry.FetchedAt < Lifetime)
        {
            return entry.Key;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyId == keyId)
            .Select(k => new StoredKey(k.Id, k.OrganizationId, k.SecretHash, k.IsTest, k.ExpiresAt, k.RevokedAt))
            .SingleOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            entries.TryRemove(keyId, out _);
            return null;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[keyId] = (key, now);
        return key;
    }

    public void Invalidate(string keyId) => entries.TryRemove(keyId, out _);
}
