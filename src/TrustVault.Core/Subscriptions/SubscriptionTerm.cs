namespace TrustVault.Core.Subscriptions;

/// <summary>A plan in force on a subscription over [From, To); To is null while it lasts. Keyed by (subscription, From).</summary>
public sealed class SubscriptionTerm
{
    public Guid SubscriptionId { get; init; }
    public Guid PlanId { get; init; }
    public DateTimeOffset From { get; init; }
    public DateTimeOffset? To { get; set; }
}
