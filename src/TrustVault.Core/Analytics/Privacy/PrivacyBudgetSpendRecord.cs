using TrustVault.Core.Organizations;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>One accepted query's privacy loss, as stored: the rows whose sum is what a dataset's budget has spent.</summary>
public sealed class PrivacyBudgetSpendRecord : IOrganizationOwned
{
    public const int QueryMaxLength = 20;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }

    /// <summary>The <see cref="PrivacyDataset"/> charged.</summary>
    public Guid DatasetId { get; init; }

    /// <summary>What was released (count, sum, mean, histogram): for the organization's own audit of its spends.</summary>
    public required string Query { get; init; }

    public double Epsilon { get; init; }
    public double Delta { get; init; }
    public DateTimeOffset At { get; init; }
}
