using Hangfire;
using TrustVault.Core.Webhooks;

namespace TrustVault.Web.Jobs;

/// <summary>Sends the webhook deliveries that are due (every minute as a sweep, and right after new ones are committed), then prunes old events.</summary>
public sealed class WebhookDeliveryJob(WebhookDispatcher dispatcher, WebhookDeliveryTrigger trigger)
{
    public const string Id = "webhook-delivery";

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        trigger.Started();
        await dispatcher.DeliverDueAsync(cancellationToken);
        await dispatcher.PruneAsync(cancellationToken);
    }
}

/// <summary>Queues one <see cref="WebhookDeliveryJob"/> when deliveries are committed, unless one is already waiting to run.</summary>
public sealed class WebhookDeliveryTrigger(IBackgroundJobClient jobs, ILogger<WebhookDeliveryTrigger> logger) : RunSoonTrigger(jobs, logger), IWebhookDeliveryTrigger
{
    public void DeliveriesQueued() => RunSoon();

    protected override void Enqueue(IBackgroundJobClient client) => client.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(CancellationToken.None));
}
