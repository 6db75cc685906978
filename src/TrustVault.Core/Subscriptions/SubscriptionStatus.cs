namespace TrustVault.Core.Subscriptions;

public enum SubscriptionStatus
{
    Trialing,
    Active,
    PastDue,
    Canceled,

    /// <summary>Waiting for the buyer to finish the payment provider's checkout; not served.</summary>
    Incomplete,
}
