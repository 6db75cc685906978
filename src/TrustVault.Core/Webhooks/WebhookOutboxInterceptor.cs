using TrustVault.Core.Data;

namespace TrustVault.Core.Webhooks;

/// <summary>Pulls the <see cref="IWebhookDeliveryTrigger"/> once a save that added deliveries has committed (never for one that failed).</summary>
public sealed class WebhookOutboxInterceptor(IWebhookDeliveryTrigger trigger) : CommittedRowsInterceptor<WebhookDelivery>
{
    protected override void Committed() => trigger.DeliveriesQueued();
}
