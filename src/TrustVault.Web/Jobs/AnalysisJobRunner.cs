using Hangfire;
using TrustVault.Core.Analytics.Jobs;

namespace TrustVault.Web.Jobs;

/// <summary>
/// Runs one queued analysis. A failure is recorded on the job, so Hangfire does not retry it; a process that
/// stops midway leaves the upload in place and Hangfire runs the job again.
/// </summary>
public sealed class AnalysisJobRunner(AnalysisJobService jobs)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid jobId, CancellationToken cancellationToken) => jobs.RunProfileAsync(jobId, cancellationToken);
}
