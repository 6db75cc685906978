using Hangfire;
using TrustVault.Core.Metering;

namespace TrustVault.Web.Jobs;

/// <summary>Sends one quota alert in the background, so the call that crossed the threshold is not slowed by e-mail.</summary>
public sealed class QuotaAlertJob(QuotaAlertService alerts)
{
    public Task SendAsync(Guid subscriptionId, DateTimeOffset periodStart, long includedCalls, int thresholdPercent, CancellationToken cancellationToken) =>
        alerts.NotifyAsync(subscriptionId, periodStart, includedCalls, thresholdPercent, cancellationToken);
}

/// <summary>Queues each quota alert as a <see cref="QuotaAlertJob"/>.</summary>
public sealed class QuotaAlertJobQueue(IBackgroundJobClient jobs) : IQuotaAlertQueue
{
    public void Enqueue(Guid subscriptionId, DateTimeOffset periodStart, long includedCalls, int thresholdPercent) =>
        jobs.Enqueue<QuotaAlertJob>(job => job.SendAsync(subscriptionId, periodStart, includedCalls, thresholdPercent, CancellationToken.None));
}
