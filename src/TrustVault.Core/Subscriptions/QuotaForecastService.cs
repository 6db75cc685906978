using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Subscriptions;

/// <summary>Reads a subscription's billable calls per day of this period and forecasts when its quota runs out.</summary>
public sealed class QuotaForecastService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    private readonly QuotaForecaster forecaster = new(clock);

    /// <param name="used">The quota counter's count, what the console shows as used.</param>
    /// <returns>Null for a plan without a monthly quota.</returns>
    public async Task<QuotaForecast?> ForecastAsync(Guid organizationId, SubscriptionView subscription, long used, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.IncludedCallsPerMonth <= 0)
        {
            return null;
        }

        var period = BillingPeriod.MonthOf(clock.GetUtcNow());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var daily = await BillableCalls.PerDayAsync(db, organizationId, subscription.Id, period, cancellationToken);
        var startedAt = await db.Subscriptions.ForOrganization(organizationId).Where(s => s.Id == subscription.Id).Select(s => s.StartedAt).SingleAsync(cancellationToken);
        return forecaster.Forecast(daily, used, subscription.IncludedCallsPerMonth, subscription.HardCap, startedAt);
    }
}
