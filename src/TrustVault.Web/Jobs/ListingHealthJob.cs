using Hangfire;
using TrustVault.Core.Catalog.Health;

namespace TrustVault.Web.Jobs;

/// <summary>Every few minutes: probes each published third-party upstream, alerts providers of outages, prunes old probes.</summary>
public sealed class ListingHealthJob(ListingHealthMonitor monitor)
{
    public const string Id = "listing-health";

    // A slow round must not overlap the next one: both would count the same outage.
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public Task RunAsync(CancellationToken cancellationToken) => monitor.ProbeAllAsync(cancellationToken);
}
