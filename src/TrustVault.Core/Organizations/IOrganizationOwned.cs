namespace TrustVault.Core.Organizations;

/// <summary>
/// A row that belongs to one organization, the tenant. Tenant reads of it go through
/// <see cref="OrganizationQueries.ForOrganization{T}"/>; see docs/decisions/0010-one-entry-point-for-tenant-reads.md.
/// </summary>
public interface IOrganizationOwned
{
    Guid OrganizationId { get; }
}
