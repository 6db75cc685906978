using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;

namespace TrustVault.Core.Subscriptions;

/// <summary>An organization's subscription to one plan of one listing.</summary>
public sealed class Subscription : IHasTimestamps
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public Guid ListingId { get; init; }
    public Listing? Listing { get; init; }
    public Guid PlanId { get; set; }
    public Plan? Plan { get; init; }
    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Active;
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
