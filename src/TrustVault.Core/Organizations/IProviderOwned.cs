namespace TrustVault.Core.Organizations;

/// <summary>
/// A row that belongs to the organization that publishes a listing, not to the one that pays for it: an invoice line is
/// the customer's to pay and the provider's to earn. The provider's reads of it go through
/// <see cref="OrganizationQueries.ForProvider{T}"/>; see docs/decisions/0010-one-entry-point-for-tenant-reads.md.
/// </summary>
public interface IProviderOwned
{
    Guid ProviderOrganizationId { get; }
}
