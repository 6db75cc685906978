using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Tests.Gateway;

public sealed class QuotaAlertTriggerTests
{
    private static readonly BillingPeriod November = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Each_threshold_is_queued_once_per_subscription_and_period()
    {
        var queue = new RecordingQueue();
        var trigger = new QuotaAlertTrigger(queue);
        var subscription = new GatewaySubscription(Guid.NewGuid(), November, 100, true, 10, 600);

        trigger.Check(subscription, 84);
        trigger.Check(subscription, 85);
        trigger.Check(subscription, 90);
        trigger.Check(subscription, 100);
        trigger.Check(subscription with { Period = November with { Start = November.End, End = November.End.AddMonths(1) } }, 85);

        Assert.Equal(
            [(subscription.Id, November.Start, 85), (subscription.Id, November.Start, 100), (subscription.Id, November.End, 85)],
            queue.Queued);
    }

    [Fact]
    public void An_alert_may_be_due_only_at_a_threshold_not_queued_yet_or_when_the_count_is_unknown()
    {
        var trigger = new QuotaAlertTrigger(new RecordingQueue());
        var subscription = new GatewaySubscription(Guid.NewGuid(), November, 100, true, 10, 600);

        var before = new[] { trigger.MayBeDue(subscription, 84), trigger.MayBeDue(subscription, 85), trigger.MayBeDue(subscription, null) };
        trigger.Check(subscription, 85);
        var after = new[] { trigger.MayBeDue(subscription, 85), trigger.MayBeDue(subscription, 99), trigger.MayBeDue(subscription, 100) };

        Assert.Equal([false, true, true], before);
        Assert.Equal([false, false, true], after);
    }

    private sealed class RecordingQueue : IQuotaAlertQueue
    {
        public List<(Guid, DateTimeOffset, int)> Queued { get; } = [];

        public void Enqueue(Guid subscriptionId, DateTimeOffset periodStart, int thresholdPercent) => Queued.Add((subscriptionId, periodStart, thresholdPercent));
    }
}
