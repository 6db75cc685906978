namespace TrustVault.Core.Analytics.Privacy;

/// <summary>A registered dataset with what its queries have spent of its budget and what remains.</summary>
public sealed record PrivacyDatasetView(
    Guid Id,
    string Name,
    string? Description,
    double EpsilonBudget,
    double DeltaBudget,
    double SpentEpsilon,
    double SpentDelta,
    double RemainingEpsilon,
    double RemainingDelta,
    int Queries,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ArchivedAt);

/// <summary>The organization's monthly ε cap: what all of its datasets spent this calendar month (UTC) and what remains until it resets.</summary>
public sealed record PrivacyMonthView(double EpsilonCap, double SpentEpsilon, double RemainingEpsilon, DateTimeOffset ResetsAt);

/// <summary>One dataset's budget and the organization's month: a query needs room in both.</summary>
public sealed record PrivacyBudgetStatus(PrivacyDatasetView Dataset, PrivacyMonthView Month);

/// <summary>The organization's datasets, newest first, archived ones included, and its month.</summary>
public sealed record PrivacyDatasetList(IReadOnlyList<PrivacyDatasetView> Datasets, PrivacyMonthView Month);

/// <summary>An accepted query's charge: what remains of the dataset's budget and of the month's cap after it.</summary>
public sealed record PrivacyLedgerCharge(double RemainingEpsilon, double RemainingDelta, double RemainingMonthlyEpsilon);

/// <summary>A query named a dataset that its organization archived; archived datasets take no more queries (HTTP 409).</summary>
public sealed class PrivacyDatasetArchivedException(Guid datasetId)
    : InvalidOperationException($"Dataset {datasetId} is archived and takes no more queries: register a new dataset for new data.")
{
    public Guid DatasetId { get; } = datasetId;
}
