using TrustVault.Core.Accounts;
using TrustVault.Core.Audit;

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
