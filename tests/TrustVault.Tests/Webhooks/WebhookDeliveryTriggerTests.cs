using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using TrustVault.Web.Jobs;

namespace TrustVault.Tests.Webhooks;

public sealed class WebhookDeliveryTriggerTests
{
    [Fact]
    public void Committed_deliveries_queue_one_run_until_it_starts()
    {
        var jobs = new RecordingJobClient();
        var trigger = new WebhookDeliveryTrigger(jobs, NullLogger<WebhookDeliveryTrigger>.Instance);

        trigger.DeliveriesQueued();
        trigger.DeliveriesQueued();
        trigger.Started();
        trigger.DeliveriesQueued();

        Assert.Equal(2, jobs.Created);
    }

    [Fact]
    public void A_job_storage_failure_does_not_fail_the_committed_change_and_the_next_commit_tries_again()
    {
        var jobs = new RecordingJobClient { Fail = true };
        var trigger = new WebhookDeliveryTrigger(jobs, NullLogger<WebhookDeliveryTrigger>.Instance);

        trigger.DeliveriesQueued();
        jobs.Fail = false;
        trigger.DeliveriesQueued();

        Assert.Equal(1, jobs.Created);
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public bool Fail { get; set; }

        public int Created { get; private set; }

        public string Create(Job job, IState state)
        {
            if (Fail)
            {
                throw new InvalidOperationException("Job storage is down.");
            }

            Created++;
            return Created.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
