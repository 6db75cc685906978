using System.Collections.Concurrent;
using TrustVault.Core.Metering;

namespace TrustVault.Core.Gateway;

/// <summary>
/// Queues a quota alert the first time this process sees a subscription reach a threshold of its quota in a period; the
/// database row the alert writes keeps it to one alert across restarts and instances.
/// </summary>
public sealed class QuotaAlertTrigger(IQuotaAlertQueue queue)
{
    private readonly ConcurrentDictionary<(Guid Subscription, DateTimeOffset PeriodStart, long IncludedCalls, int Threshold), bool> queued = new();

    /// <summary>
    /// Whether <paramref name="used"/> calls (the count a call reserved; none known: null) reach a threshold this process
    /// has not queued yet, so that the count after the call is worth reading for <see cref="Check"/>.
    /// </summary>
    public bool MayBeDue(GatewaySubscription subscription, long? used) =>
        used is not { } count || QuotaAlertService.Reached(count, subscription.IncludedCalls).Any(threshold => !queued.ContainsKey((subscription.Id, subscription.Period.Start, subscription.IncludedCalls, threshold)));

    public void Check(GatewaySubscription subscription, long used)
    {
        foreach (var threshold in QuotaAlertService.Reached(used, subscription.IncludedCalls))
        {
            if (queued.TryAdd((subscription.Id, subscription.Period.Start, subscription.IncludedCalls, threshold), true))
            {
                queue.Enqueue(subscription.Id, subscription.Period.Start, subscription.IncludedCalls, threshold);
            }
        }
    }
}
