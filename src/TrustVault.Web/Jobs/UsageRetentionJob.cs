using Hangfire;
using TrustVault.Core.Metering;

namespace TrustVault.Web.Jobs;

/// <summary>Daily: prunes raw usage events past their retention that were rolled up and invoiced, in batches.</summary>
public sealed class UsageRetentionJob(UsageEventPruner pruner)
{
    public const string Id = "usage-retention";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public Task RunAsync(CancellationToken cancellationToken) => pruner.PruneAsync(cancellationToken);
}
