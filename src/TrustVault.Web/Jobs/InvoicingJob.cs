using TrustVault.Core.Billing;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Web.Jobs;

/// <summary>
/// Monthly: rolls up the hours not rolled up yet, invoices the period that just ended, then pays the
/// providers their share of what was collected. Every step is idempotent, so a retry or a second run is harmless.
/// </summary>
public sealed class InvoicingJob(UsageRollupService rollups, InvoicingService invoicing, PayoutService payouts, TimeProvider clock)
{
    public const string Id = "monthly-invoicing";

    // The job runs early on the 1st: the last day's hours may not be rolled up yet.
    private const int HoursBack = 48;

    public Task RunAsync(CancellationToken cancellationToken) => RunForPeriodAsync(BillingPeriod.PreviousTo(clock.GetUtcNow()).Start, cancellationToken);

    /// <summary>Where <see cref="BillingOptions.AllowEarlyInvoicing"/> lets it, an admin may also invoice the running month early.</summary>
    public async Task<InvoicingRun> RunForPeriodAsync(DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        var period = BillingPeriod.MonthOf(periodStart);
        await rollups.RollUpRecentAsync(HoursBack, cancellationToken);
        var run = await invoicing.RunAsync(period, cancellationToken);
        await payouts.SettleAsync(period, cancellationToken);
        return run;
    }
}
