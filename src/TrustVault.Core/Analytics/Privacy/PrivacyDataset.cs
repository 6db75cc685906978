using TrustVault.Core.Audit;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// A dataset an organization registered for differentially private queries, with the ε and δ its queries may ever spend
/// together. Queries name it by id, so a new name is not a fresh budget (docs/decisions/0030-registered-privacy-datasets.md).
/// </summary>
public sealed class PrivacyDataset : IOrganizationOwned, IHasTimestamps
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    /// <summary>A δ above 1/n for n records would allow releasing a record outright; 10⁻³ is already far above what is advised.</summary>
    public const double MaxDeltaBudget = 0.001;

    /// <summary>How many datasets an organization may have that are not archived.</summary>
    public const int MaxActivePerOrganization = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }

    /// <summary>The ε all of this dataset's queries may spend together, by sequential composition.</summary>
    public double EpsilonBudget { get; init; }

    /// <summary>The δ all of this dataset's queries may spend together; 0 admits Laplace queries only.</summary>
    public double DeltaBudget { get; init; }

    /// <summary>Set once: an archived dataset takes no more queries, and its spends stay on the ledger and count against the month's cap.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
