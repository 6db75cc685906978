using System.Collections.Concurrent;
using Hangfire;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;

namespace TrustVault.Web.Jobs;

/// <summary>Sends one quota alert in the background, so the call that crossed the threshold is not slowed by e-mail.</summary>
public sealed class QuotaAlertJob(QuotaAlertService alerts)
{
    public Task SendAsync(Guid subscriptionId, DateTimeOffset periodStart, int thresholdPercent, CancellationToken cancellationToken) =>
        alerts.NotifyAsync(subscriptionId, periodStart, thresholdPercent, cancellationToken);
}

/// <summary>
/// Queues a quota alert the first time this process sees a subscription reach a threshold in a period; the
/// database row the job writes keeps it to one alert across restarts and instances.
/// </summary>
public sealed class QuotaAlertTrigger(IBackgroundJobClient jobs)
{
    private readonly ConcurrentDictionary<(Guid Subscription, DateTimeOffset PeriodStart, int Threshold), bool> queued = new();

    public void Check(GatewaySubscription subscription, long used)
    {
        foreach (var threshold in QuotaAlertService.Reached(used, subscription.IncludedCalls))
        {
            if (queued.TryAdd((subscription.Id, subscription.Period.Start, threshold), true))
            {
                var (id, start) = (subscription.Id, subscription.Period.Start);
                jobs.Enqueue<QuotaAlertJob>(job => job.SendAsync(id, start, threshold, CancellationToken.None));
            }
        }
    }
}
