using TrustVault.Core.Metering;

namespace TrustVault.Web.Jobs;

/// <summary>Hourly: rolls up the last few complete hours (re-running is harmless, so late events are caught).</summary>
public sealed class UsageRollupJob(UsageRollupService rollups)
{
    public const string Id = "usage-rollup";
    private const int HoursBack = 3;

    public Task RunAsync(CancellationToken cancellationToken) => rollups.RollUpRecentAsync(HoursBack, cancellationToken);
}
