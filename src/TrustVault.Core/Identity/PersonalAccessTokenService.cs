using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Keys;

namespace TrustVault.Core.Identity;

public sealed record PersonalAccessTokenView(
    Guid Id, string Name, string Prefix, TokenScopes Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt, bool IsUsable);

/// <summary>A newly made token: <see cref="Secret"/> is the whole token text, shown this once and never again.</summary>
public sealed record IssuedPersonalAccessToken(PersonalAccessTokenView Token, string Secret);

/// <summary>Who a valid token acts for, and what it may do.</summary>
public sealed record TokenIdentity(Guid TokenId, string UserId, TokenScopes Scopes);

/// <summary>A user's personal access tokens for the platform API: create, list, revoke, and check a presented one.</summary>
public sealed class PersonalAccessTokenService(IDbContextFactory<TrustVaultDbContext> contexts, PersonalAccessTokenCache cache, TimeProvider clock)
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);
    public const int MaxActivePerUser = 50;

    /// <summary>Last-used times are written at most this often per token, not on every call.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<IssuedPersonalAccessToken> CreateAsync(
        string userId, string name, TokenScopes scopes, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var cleanName = name.Trim();
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (cleanName.Length is 0 or > PersonalAccessToken.NameMaxLength)
        {
            errors["Name"] = [$"Name the token (at most {PersonalAccessToken.NameMaxLength} characters), e.g. deploy script."];
        }
        else if (!DisplayName.IsReadable(cleanName))
        {
            errors["Name"] = [DisplayName.Refusal];
        }

        if (scopes is not (TokenScopes.Read or TokenScopes.Write or (TokenScopes.Read | TokenScopes.Write)))
        {
            errors["Scopes"] = ["Choose read, or read and write."];
        }

        if (expiresAt <= now || expiresAt > now + MaxLifetime)
        {
            errors["ExpiresAt"] = [$"Choose an expiry in the future and at most {MaxLifetime.Days} days away."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var activeNames = await db.PersonalAccessTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => t.Name)
            .ToListAsync(cancellationToken);
        if (activeNames.Count >= MaxActivePerUser)
        {
            throw new InvalidInputException("Name", $"You have {MaxActivePerUser} active tokens: revoke one you no longer use first.");
        }

        // A name tells tokens apart when one is revoked; it also stops a reloaded form from issuing a second token.
        if (activeNames.Contains(cleanName, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidInputException("Name", $"You already have an active token named '{cleanName}': choose another name.");
        }

        var (tokenId, secret, text) = PersonalAccessTokenFormat.Create();
        var token = new PersonalAccessToken
        {
            UserId = userId,
            Name = cleanName,
            TokenId = tokenId,
            SecretHash = ApiKeyFormat.Hash(secret),

            // Write includes read: a script that changes things also needs to see them.
            Scopes = scopes.HasFlag(TokenScopes.Write) ? TokenScopes.Read | TokenScopes.Write : TokenScopes.Read,
            ExpiresAt = expiresAt,
        };
        db.PersonalAccessTokens.Add(token);
        db.Record(clock, userId, null, "token.created", nameof(PersonalAccessToken), token.Id, $"{token.Prefix} ({token.Scopes})");
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedPersonalAccessToken(View(token, now), text);
    }

    public async Task<IReadOnlyList<PersonalAccessTokenView>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return tokens.OrderByDescending(t => t.CreatedAt).Select(t => View(t, now)).ToList();
    }

    /// <summary>Revokes at once: the API refuses the token from its next lookup (within a second on other instances).</summary>
    public async Task RevokeAsync(string userId, Guid tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("The token does not exist.");
        token.RevokedAt ??= clock.GetUtcNow();
        db.Record(clock, userId, null, "token.revoked", nameof(PersonalAccessToken), token.Id, token.Prefix);
        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate(token.TokenId);
    }

    /// <summary>The user and scopes of a presented token; null when it is malformed, unknown, wrong, expired or revoked, or its account is locked.</summary>
    public async Task<TokenIdentity?> ValidateAsync(string? presented, CancellationToken cancellationToken)
    {
        if (!PersonalAccessTokenFormat.TryParse(presented, out var tokenId, out var secret))
        {
            return null;
        }

        var stored = await cache.FindAsync(tokenId, cancellationToken);
        var now = clock.GetUtcNow();
        if (stored is null || !ApiKeyFormat.Matches(stored.SecretHash, secret) || !stored.IsUsable(now))
        {
            return null;
        }

        if (stored.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.PersonalAccessTokens.Where(t => t.Id == stored.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
            cache.Invalidate(tokenId);
        }

        return new TokenIdentity(stored.Id, stored.UserId, stored.Scopes);
    }

    private static PersonalAccessTokenView View(PersonalAccessToken token, DateTimeOffset now) =>
        new(token.Id, token.Name, token.Prefix, token.Scopes, token.CreatedAt, token.ExpiresAt, token.RevokedAt, token.LastUsedAt, token.IsUsable(now));
}
