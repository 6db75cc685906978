using Hangfire;
using TrustVault.Core.Analytics.Runs;

namespace TrustVault.Web.Jobs;

/// <summary>
/// Executes one queued analysis run. A failure is recorded on the run, so Hangfire does not retry it; a process that
/// stops midway leaves the upload in place and Hangfire executes the run again.
/// </summary>
public sealed class AnalysisRunJob(AnalysisRunService runs)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) => runs.RunProfileAsync(runId, cancellationToken);
}
