using System.Diagnostics;
using Hangfire.Common;
using Hangfire.Server;
using TrustVault.Core.Telemetry;

namespace TrustVault.Web.Telemetry;

/// <summary>
/// Around every job run on this app's Hangfire server: a "job" span (EF Core's and the HTTP client's spans inside the
/// job become its children) and a count of the runs that threw. A service, not a global filter: Hangfire.AspNetCore
/// reads <see cref="IJobFilter"/> services of the app that runs the server, so two apps in one process keep apart.
/// </summary>
internal sealed class JobTelemetryFilter(TrustVaultMetrics metrics) : IJobFilter, IServerFilter
{
    private const string SpanItem = "TrustVault.JobSpan";

    public bool AllowMultiple => false;

    public int Order => 0;

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
