using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Caching;
using TrustVault.Core.Data;

namespace TrustVault.Core.Identity;

/// <summary>What validating a token needs of it, as stored, and whether an administrator locked its user's account.</summary>
public sealed record StoredToken(
    Guid Id, string UserId, byte[] SecretHash, TokenScopes Scopes, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool AccountLocked)
{
    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now && !AccountLocked;
}

/// <summary>
/// Tokens by token id, kept for at most one second (as <see cref="Keys.ApiKeyCache"/> keeps keys) so a script's burst of
/// calls does not ask the database each time. Revoking, and locking or unlocking the account, drops the entry on every node at
/// once (<see cref="ICacheInvalidations"/>).
/// </summary>
public sealed class PersonalAccessTokenCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private const string CacheName = "tokens";
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (StoredToken Token, DateTimeOffset FetchedAt)> entries = new(StringComparer.Ordinal);
    private readonly IDbContextFactory<TrustVaultDbContext> contexts;
    private readonly ICacheInvalidations invalidations;
    private readonly TimeProvider clock;

    public PersonalAccessTokenCache(IDbContextFactory<TrustVaultDbContext> contexts, ICacheInvalidations invalidations, TimeProvider clock)
    {
        this.contexts = contexts;
        this.invalidations = invalidations;
        this.clock = clock;
        invalidations.Register(CacheName, tokenId => entries.TryRemove(tokenId, out _), entries.Clear);
    }

    public async ValueTask<StoredToken?> FindAsync(string tokenId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(tokenId, out var entry) && now - entry.FetchedAt < Lifetime)
        {
            return entry.Token;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.TokenId == tokenId)
            .Select(t => new StoredToken(
                t.Id, t.UserId, t.SecretHash, t.Scopes, t.ExpiresAt, t.RevokedAt, t.LastUsedAt,
                db.Users.Any(u => u.Id == t.UserId && u.LockoutEnd >= AccountLock.Until)))
            .SingleOrDefaultAsync(cancellationToken);
        if (token is null)
        {
            entries.TryRemove(tokenId, out _);
            return null;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[tokenId] = (token, now);
        return token;
    }

    /// <summary>Drops the token's entry on every node.</summary>
    public void Invalidate(string tokenId) => invalidations.Invalidate(CacheName, tokenId);
}
