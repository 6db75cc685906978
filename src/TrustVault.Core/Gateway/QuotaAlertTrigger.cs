using System.Collections.Concurrent;
using TrustVault.Core.Metering;

namespace TrustVault.Core.Gateway;

/// <summary>
/// Queues a quota alert the first time this process sees a subscription reach a threshold in a period; the
/// database row the alert writes keeps it to one alert across restarts and instances.
/// </summary>
public sealed class QuotaAlertTrigger(IQuotaAlertQueue queue)
{
    private readonly ConcurrentDictionary<(Guid Subscription, DateTimeOffset PeriodStart, int Threshold), bool> queued = new();

    public void Check(GatewaySubscription subscription, long used)
    {
        foreach (var threshold in QuotaAlertService.Reached(used, subscription.IncludedCalls))
        {
            if (queued.TryAdd((subscription.Id, subscription.Period.Start, threshold), true))
            {
                queue.Enqueue(subscription.Id, subscription.Period.Start, threshold);
            }
        }
    }
}
