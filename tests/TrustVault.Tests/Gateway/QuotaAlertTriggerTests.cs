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
            [(subscription.Id, November.Start, 100, 85), (subscription.Id, November.Start, 100, 100), (subscription.Id, November.End, 100, 85)],
            queue.Queued);
    }

    [Fact]
    public void A_new_quota_after_a_plan_change_in_the_period_is_alerted_again_but_the_same_quota_only_once()
    {
        var queue = new RecordingQueue();
        var trigger = new QuotaAlertTrigger(queue);
        var tiny = new GatewaySubscription(Guid.NewGuid(), November, 20, true, 10, 600);
        var small = tiny with { IncludedCalls = 40 };

        trigger.Check(tiny, 20);
        var dueOnSmall = trigger.MayBeDue(small, 34);
        trigger.Check(small, 34);
        trigger.Check(small, 40);
        trigger.Check(small, 40);
        trigger.Check(tiny, 40);

        Assert.True(dueOnSmall);
        Assert.Equal([(20L, 85), (20L, 100), (40L, 85), (40L, 100)], queue.Queued.Select(q => (q.Item3, q.Item4)));
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
        public List<(Guid, DateTimeOffset, long, int)> Queued { get; } = [];

        public void Enqueue(Guid subscriptionId, DateTimeOffset periodStart, long includedCalls, int thresholdPercent) => Queued.Add((subscriptionId, periodStart, includedCalls, thresholdPercent));
    }
}
