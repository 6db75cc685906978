using TrustVault.Core.Audit;

namespace TrustVault.Core.Organizations;

/// <summary>An invitation e-mailed to someone; only the hash of its token is stored.</summary>
public sealed class OrganizationInvitation : IHasTimestamps, IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public Organization? Organization { get; init; }
    public required string Email { get; init; }
    public OrganizationRole Role { get; init; }
    public required string TokenHash { get; init; }
    public required string InvitedByUserId { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsPending(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}
