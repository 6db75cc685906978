using TrustVault.Core.Audit;

namespace TrustVault.Core.Identity;

/// <summary>What a personal access token may do in the platform API. Write includes read.</summary>
[Flags]
public enum TokenScopes
{
    None = 0,
    Read = 1,
    Write = 2,
}

/// <summary>
/// A user's token for the platform API (<c>tvp_&lt;TokenId&gt;_&lt;secret&gt;</c>). It acts as its user, so it reaches exactly the
/// organizations the user is a member of, with the user's role there. Only SHA-256 of the secret is stored, as for API keys.
/// </summary>
public sealed class PersonalAccessToken : IHasTimestamps
{
    public const int NameMaxLength = 60;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserId { get; init; }
    public required string Name { get; init; }

    /// <summary>The public part of the token, which finds the row without scanning hashes.</summary>
    public required string TokenId { get; init; }

    public required byte[] SecretHash { get; init; }
    public TokenScopes Scopes { get; init; }

    /// <summary>Required: a token that never expires is a leak that never ends.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Prefix => PersonalAccessTokenFormat.Prefix + TokenId;

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
