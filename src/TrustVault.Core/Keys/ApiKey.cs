using TrustVault.Core.Audit;

using TrustVault.Core.Organizations;

namespace TrustVault.Core.Keys;

/// <summary>
/// An organization's API key. The secret is shown once and only its SHA-256 is stored; the public
/// <see cref="KeyId"/> inside the key finds the row without scanning hashes.
/// </summary>
public sealed class ApiKey : IHasTimestamps, IOrganizationOwned
{
    public const int NameMaxLength = 60;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public required string Name { get; set; }

    /// <summary>The public part of the key (<c>tv_live_&lt;KeyId&gt;_&lt;secret&gt;</c>).</summary>
    public required string KeyId { get; init; }

    public required byte[] SecretHash { get; init; }

    /// <summary>Test keys (<c>tv_test_…</c>) call APIs like live ones but their calls are never billed.</summary>
    public bool IsTest { get; init; }

    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The key that replaced this one when it was rotated.</summary>
    public Guid? ReplacedByKeyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Prefix => ApiKeyFormat.Prefix(IsTest, KeyId);

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
