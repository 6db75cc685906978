using System.Diagnostics;
using System.Diagnostics.Metrics;
using TrustVault.Core.Email;
using TrustVault.Core.Gateway;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Telemetry;

/// <summary>
/// TrustVault's own measurements, all on the meter <see cref="MeterName"/>: gateway calls and latency, the usage
/// writer's queue, webhook and e-mail attempts, job failures. Labels are listing slugs and small fixed sets, never keys,
/// tokens, organizations or paths. docs/operations.md lists every instrument as Prometheus names it.
/// </summary>
public sealed class TrustVaultMetrics
{
    public const string MeterName = "TrustVault";

    // Seconds, from half a millisecond (the gateway's own work) to the upstream timeout's range.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private readonly Counter<long> gatewayCalls;
    private readonly Histogram<double> gatewayAddedLatency;
    private readonly Histogram<double> upstreamDuration;
    private readonly Histogram<double> meteringCommitDuration;
    private readonly Counter<long> webhookAttempts;
    private readonly Counter<long> emailAttempts;
    private readonly Gauge<long> emailOutbox;
    private readonly Counter<long> jobFailures;
    private long meteringQueued;
    private long meteringJournalBacklog;

    public TrustVaultMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        gatewayCalls = meter.CreateCounter<long>(
            "trustvault.gateway.calls", "{call}", "Calls to the gateway, by listing, status class and outcome.");
        gatewayAddedLatency = meter.CreateHistogram(
            "trustvault.gateway.added_latency", "s", "Time a call spent in the gateway itself: all of it but the endpoint's or upstream's part.",
            tags: null, SecondsBuckets);
        upstreamDuration = meter.CreateHistogram(
            "trustvault.gateway.upstream.duration", "s", "Time from forwarding a call to the end of the upstream's answer.", tags: null, SecondsBuckets);
        // Read when metrics are collected: an instrument updated per event would run the SDK's aggregation for every call,
        // inside the usage writer's queue lock.
        meter.CreateObservableUpDownCounter(
            "trustvault.metering.queue.depth", () => Interlocked.Read(ref meteringQueued), "{event}", "Usage events waiting to be written; each call waits for its own.");
        meter.CreateObservableUpDownCounter(
            "trustvault.metering.journal.backlog", () => Interlocked.Read(ref meteringJournalBacklog), "{event}",
            "Usage events journaled (their calls answered) and not imported into the usage store yet.");
        meteringCommitDuration = meter.CreateHistogram(
            "trustvault.metering.commit.duration", "s", "Time to write one batch of usage events.", tags: null, SecondsBuckets);
        webhookAttempts = meter.CreateCounter<long>(
            "trustvault.webhooks.attempts", "{attempt}", "Webhook delivery attempts, by outcome: delivered, retrying or failed (given up).");
        emailAttempts = meter.CreateCounter<long>(
            "trustvault.email.attempts", "{attempt}", "E-mail send attempts, by outcome: sent, retrying or failed (given up).");
        emailOutbox = meter.CreateGauge<long>(
            "trustvault.email.outbox.depth", "{message}", "Outbox mail pending or failed, as counted by the last sweep.");
        jobFailures = meter.CreateCounter<long>(
            "trustvault.jobs.failures", "{failure}", "Job runs that ended in an exception, by job.");
    }

    /// <param name="listing">The listing's slug; empty when the call resolved none (its key or listing is unknown).</param>
    /// <param name="added">The call's time in the gateway: from its arrival to its usage event being stored, less the endpoint's time.</param>
    public void GatewayCall(string? listing, int status, GatewayOutcome outcome, TimeSpan added)
    {
        var outcomeLabel = Label(outcome);
        gatewayCalls.Add(1, new TagList
        {
            { "listing", listing ?? "" },
            { "status_class", StatusClass(status) },
            { "outcome", outcomeLabel },
        });
        gatewayAddedLatency.Record(added.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcomeLabel));
    }

    public void UpstreamCall(string listing, int status, TimeSpan duration) =>
        upstreamDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("listing", listing), new KeyValuePair<string, object?>("status_class", StatusClass(status)));

    /// <summary>Events joined (positive) or left (negative) the usage writer's queue.</summary>
    public void MeteringQueued(int events) => Interlocked.Add(ref meteringQueued, events);

    /// <summary>Events journaled (positive) or imported (negative).</summary>
    public void MeteringJournalBacklog(int events) => Interlocked.Add(ref meteringJournalBacklog, events);

    public void MeteringCommitted(TimeSpan duration, bool succeeded) =>
        meteringCommitDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "committed" : "failed"));

    /// <param name="after">The delivery's state after the attempt: delivered, pending (to be retried) or failed.</param>
    public void WebhookAttempted(WebhookDeliveryStatus after) =>
        webhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", after switch
        {
            WebhookDeliveryStatus.Delivered => "delivered",
            WebhookDeliveryStatus.Pending => "retrying",
            _ => "failed",
        }));

    /// <param name="after">The message's state after the attempt: sent, pending (to be retried) or failed.</param>
    public void EmailAttempted(OutboxEmailStatus after) =>
        emailAttempts.Add(1, new KeyValuePair<string, object?>("outcome", after switch
        {
            OutboxEmailStatus.Sent => "sent",
            OutboxEmailStatus.Pending => "retrying",
            _ => "failed",
        }));

    public void EmailOutboxCounted(long pending, long failed)
    {
        emailOutbox.Record(pending, new KeyValuePair<string, object?>("status", "pending"));
        emailOutbox.Record(failed, new KeyValuePair<string, object?>("status", "failed"));
    }

    /// <param name="job">The job's class name, e.g. "UsageRollupJob".</param>
    public void JobFailed(string job) => jobFailures.Add(1, new KeyValuePair<string, object?>("job", job));

    private static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    public static string Label(GatewayOutcome outcome) => outcome switch
    {
        GatewayOutcome.Allowed => "allowed",
        GatewayOutcome.Refused => "refused",
        GatewayOutcome.RateLimited => "rate_limited",
        GatewayOutcome.QuotaExceeded => "quota_exceeded",
        GatewayOutcome.UpstreamError => "upstream_error",
        _ => "error",
    };
}
