namespace TrustVault.Core.Webhooks;

/// <summary>One signed delivery request; <see cref="Body"/> is sent byte for byte as signed.</summary>
public sealed record WebhookRequest(Uri Url, string EventId, string EventType, long Timestamp, string Signature, string Body);

/// <summary>The headers every delivery carries besides <c>Content-Type: application/json</c>.</summary>
public static class WebhookHeaders
{
    public const string Signature = "TrustVault-Signature";
    public const string Timestamp = "TrustVault-Timestamp";
    public const string EventId = "TrustVault-Event-Id";
    public const string EventType = "TrustVault-Event-Type";
}

/// <summary>
/// POSTs one delivery and returns the status the endpoint answered with; throws when it does not answer.
/// <see cref="WebhookSender"/> sends over the platform's one outbound client, so a webhook may reach exactly the
/// addresses an upstream call may (a host name that resolves to a private address is refused at connect time).
/// </summary>
public interface IWebhookSender
{
    Task<int> SendAsync(WebhookRequest request, CancellationToken cancellationToken);
}

/// <summary>Told after deliveries were committed, so a background worker can send them now instead of at its next sweep.</summary>
public interface IWebhookDeliveryTrigger
{
    void DeliveriesQueued();
}

internal sealed class SweepOnlyDeliveryTrigger : IWebhookDeliveryTrigger
{
    public void DeliveriesQueued()
    {
    }
}
