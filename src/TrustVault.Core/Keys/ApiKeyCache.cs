using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Caching;
using TrustVault.Core.Data;

namespace TrustVault.Core.Keys;

/// <summary>What the gateway needs of a key, as stored.</summary>
public sealed record StoredKey(Guid Id, Guid OrganizationId, byte[] SecretHash, bool IsTest, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>
/// Keys by key id, each served for at most one second after it was read, so the gateway does not ask the database on
/// every call (and, with <see cref="RefreshingCache{TKey, TValue}"/>, a key in steady use not even when it expires).
/// Revoking or rotating a key drops its entry on every node at once (<see cref="ICacheInvalidations"/>); the one-second
/// lifetime bounds how stale any entry can be, even when that message is lost.
/// </summary>
public sealed class ApiKeyCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private const string CacheName = "keys";
    private const int MaxEntries = 100_000;
    private readonly IDbContextFactory<TrustVaultDbContext> contexts;
    private readonly ICacheInvalidations invalidations;
    private readonly RefreshingCache<string, StoredKey> entries;

    public ApiKeyCache(IDbContextFactory<TrustVaultDbContext> contexts, ICacheInvalidations invalidations, TimeProvider clock)
    {
        this.contexts = contexts;
        this.invalidations = invalidations;
        entries = new RefreshingCache<string, StoredKey>(ReadAsync, clock, Lifetime, MaxEntries, keepMissing: false, StringComparer.Ordinal);
        invalidations.Register(CacheName, entries.Invalidate, () => entries.InvalidateWhere(_ => true));
    }

    public ValueTask<StoredKey?> FindAsync(string keyId, CancellationToken cancellationToken) => entries.GetAsync(keyId, cancellationToken);

    /// <summary>Drops the key's entry on every node.</summary>
    public void Invalidate(string keyId) => invalidations.Invalidate(CacheName, keyId);

    private async Task<IReadOnlyDictionary<string, StoredKey>> ReadAsync(IReadOnlyList<string> keyIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking()
            .Where(k => keyIds.Contains(k.KeyId))
            .ToDictionaryAsync(k => k.KeyId, k => new StoredKey(k.Id, k.OrganizationId, k.SecretHash, k.IsTest, k.ExpiresAt, k.RevokedAt), StringComparer.Ordinal, cancellationToken);
    }
}
