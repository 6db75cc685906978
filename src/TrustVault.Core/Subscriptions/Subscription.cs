using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;

namespace TrustVault.Core.Subscriptions;

/// <summary>An organization's subscription to one plan of one listing; billed in monthly periods from <see cref="StartedAt"/>.</summary>
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
    public DateTimeOffset? TrialEndsAt { get; set; }

    /// <summary>Set by "cancel": the end of the period it was canceled in.</summary>
    public DateTimeOffset? CancelsAt { get; set; }

    /// <summary>A downgrade that takes effect at <see cref="PendingPlanAt"/>, the end of the period it was asked in.</summary>
    public Guid? PendingPlanId { get; set; }

    public DateTimeOffset? PendingPlanAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public BillingPeriod PeriodAt(DateTimeOffset now) => BillingPeriod.Containing(StartedAt, now);

    /// <summary>Whether the gateway serves calls on it at <paramref name="now"/>.</summary>
    public bool IsLiveAt(DateTimeOffset now) =>
        Status is SubscriptionStatus.Trialing or SubscriptionStatus.Active or SubscriptionStatus.PastDue
        && (CancelsAt is null || now < CancelsAt);

    public Guid PlanIdAt(DateTimeOffset now) => PendingPlanId is { } pending && PendingPlanAt <= now ? pending : PlanId;
}
