namespace TrustVault.Core.Webhooks;

/// <summary>The lifecycle events an organization's webhook endpoints may subscribe to, as sent in the <c>type</c> field.</summary>
public static class WebhookEventTypes
{
    public const string SubscriptionCreated = "subscription.created";
    public const string SubscriptionChanged = "subscription.changed";
    public const string SubscriptionCanceled = "subscription.canceled";
    public const string InvoiceIssued = "invoice.issued";
    public const string InvoicePaid = "invoice.paid";
    public const string InvoicePaymentFailed = "invoice.payment_failed";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string QuotaThresholdReached = "quota.threshold_reached";
    public const string ListingApproved = "listing.approved";
    public const string ListingRejected = "listing.rejected";
    public const string ListingNewSubscriber = "listing.new_subscriber";
    public const string ListingAnomaly = "listing.anomaly";

    /// <summary>The test event "Send test event" delivers to one endpoint, whatever it subscribes to.</summary>
    public const string Ping = "ping";

    /// <summary>Every subscribable type with what it means, in the order the settings page lists them.</summary>
    public static IReadOnlyList<(string Type, string Description)> All { get; } =
    [
        (SubscriptionCreated, "Your organization subscribed to an API."),
        (SubscriptionChanged, "A subscription's plan or status changed."),
        (SubscriptionCanceled, "A subscription was canceled."),
        (InvoiceIssued, "An invoice was issued."),
        (InvoicePaid, "An invoice was paid."),
        (InvoicePaymentFailed, "Collecting an invoice failed."),
        (KeyCreated, "An API key was created or issued by rotation."),
        (KeyRevoked, "An API key was revoked."),
        (QuotaThresholdReached, "A subscription used 85% or 100% of its monthly quota."),
        (ListingApproved, "Provider: a listing, or changes to a live one, passed review."),
        (ListingRejected, "Provider: a listing, or changes to a live one, were rejected."),
        (ListingNewSubscriber, "Provider: an organization subscribed to one of your listings."),
        (ListingAnomaly, "Provider: a listing's error rate or p95 latency spiked."),
    ];

    public static bool IsKnown(string type) => All.Any(e => e.Type == type);
}
