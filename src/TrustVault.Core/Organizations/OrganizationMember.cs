using TrustVault.Core.Audit;
using TrustVault.Core.Identity;

namespace TrustVault.Core.Organizations;

public sealed class OrganizationMember : IHasTimestamps, IOrganizationOwned
{
    public Guid OrganizationId { get; init; }
    public Organization? Organization { get; init; }
    public required string UserId { get; init; }
    public ApplicationUser? User { get; init; }
    public OrganizationRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
