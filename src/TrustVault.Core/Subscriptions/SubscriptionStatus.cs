namespace TrustVault.Core.Subscriptions;

public enum SubscriptionStatus
{
    Trialing,
    Active,
    PastDue,
    Canceled,
}
