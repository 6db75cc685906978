namespace TrustVault.Core.Metering;

/// <summary>
/// Runs <see cref="QuotaAlertService.NotifyAsync"/> in the background, so the call that crossed a threshold is not slowed
/// by e-mail. The web app queues it as a job; Core does not know how.
/// </summary>
public interface IQuotaAlertQueue
{
    void Enqueue(Guid subscriptionId, DateTimeOffset periodStart, long includedCalls, int thresholdPercent);
}
