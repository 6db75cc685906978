using Hangfire;
using TrustVault.Core.Catalog.Anomalies;

namespace TrustVault.Web.Jobs;

/// <summary>Every few minutes: judges each published listing's newly closed traffic intervals and alerts providers of spikes.</summary>
public sealed class ListingAnomalyJob(ListingAnomalyMonitor monitor)
{
    public const string Id = "listing-anomalies";

    // Two overlapping rounds would build the same intervals; the loser's commit fails on their keys, but need not run at all.
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync(CancellationToken cancellationToken) => monitor.RunAsync(cancellationToken);
}
