using System.Diagnostics;
using Hangfire.Common;
using Hangfire.Server;
using TrustVault.Core.Telemetry;

namespace TrustVault.Web.Telemetry;

/// <summary>
/// Around every job run on this app's Hangfire server: a "job" span (EF Core's and the HTTP client's spans inside the
/// job become its children) and a count of the runs that threw. Given to the server by <see cref="AppJobFilterProvider"/>.
/// </summary>
internal sealed class JobTelemetryFilter(TrustVaultMetrics metrics) : IServerFilter
{
    private const string SpanItem = "TrustVault.JobSpan";

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job.Type.Name;
        var span = TrustVaultActivities.Source.StartActivity($"job {job}");
        if (span is not null)
        {
            span.SetTag(TrustVaultActivities.JobTag, job);
            span.SetTag("hangfire.job_id", context.BackgroundJob.Id);
            context.Items[SpanItem] = span;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        var span = context.Items.TryGetValue(SpanItem, out var item) ? item as Activity : null;
        if (context.Exception is { } exception && !context.ExceptionHandled)
        {
            metrics.JobFailed(context.BackgroundJob.Job.Type.Name);
            span?.AddException(exception);
            span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }

        span?.Dispose();
    }
}

/// <summary>
/// The job filters of this app's Hangfire server: Hangfire's own (global filters and attributes such as
/// [DisableConcurrentExecution]) and <see cref="JobTelemetryFilter"/>. Not a process-wide global filter, which every
/// app in the process (each test host) would add again and run for the others' jobs.
/// </summary>
internal sealed class AppJobFilterProvider(JobTelemetryFilter telemetry) : IJobFilterProvider
{
    public IEnumerable<JobFilter> GetFilters(Job job) =>
        JobFilterProviders.Providers.GetFilters(job).Append(new JobFilter(telemetry, JobFilterScope.Global, order: null));
}
