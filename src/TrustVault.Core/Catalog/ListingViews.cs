namespace TrustVault.Core.Catalog;

/// <summary>A row of the provider's listing table or the admin review queue.</summary>
public sealed record ListingSummary(
    Guid Id, string Name, string Slug, string ProviderName, ListingStatus Status, string? StatusReason,
    int PlanCount, int EndpointCount, DateTimeOffset UpdatedAt);

/// <summary>Where a plan change landed: in place, or as a new version because the old one has subscribers.</summary>
public sealed record PlanChange(Guid PlanId, bool IsNewVersion);
