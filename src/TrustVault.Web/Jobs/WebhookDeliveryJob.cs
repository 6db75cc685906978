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
public sealed class WebhookDeliveryTrigger(IBackgroundJobClient jobs, ILogger<WebhookDeliveryTrigger> logger) : IWebhookDeliveryTrigger
{
    private int queued;

    public void DeliveriesQueued()
    {
        if (Interlocked.Exchange(ref queued, 1) != 0)
        {
            return;
        }

        try
        {
            jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The change that made the deliveries has committed: it must not look failed. The sweep sends them.
            Interlocked.Exchange(ref queued, 0);
            logger.LogWarning(e, "Could not queue an immediate webhook delivery run; the next sweep sends the deliveries.");
        }
    }

    /// <summary>Deliveries committed from now on need another run.</summary>
    public void Started() => Interlocked.Exchange(ref queued, 0);
}
