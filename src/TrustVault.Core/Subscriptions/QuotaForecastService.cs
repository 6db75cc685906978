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
        // As BillableCalls counts: the hourly rollups, then the events after the last rolled-up hour.
        var hours = await db.UsageRollups.ForOrganization(organizationId)
            .Where(r => r.SubscriptionId == subscription.Id && r.HourStart >= period.Start && r.HourStart < period.End)
            .Select(r => new { r.HourStart, r.BillableCalls })
            .ToListAsync(cancellationToken);
        var daily = hours.GroupBy(h => DateOnly.FromDateTime(h.HourStart.UtcDateTime)).ToDictionary(g => g.Key, g => g.Sum(h => h.BillableCalls));
        var eventsFrom = hours.Count == 0 ? period.Start : hours.Max(h => h.HourStart).AddHours(1);
        var recent = await db.UsageEvents.ForOrganization(organizationId)
            .Where(e => e.SubscriptionId == subscription.Id && e.At >= eventsFrom && e.At < period.End)
            .Where(UsageEvent.Billable)
            .GroupBy(e => e.Day)
            .Select(g => new { Day = g.Key, Calls = g.LongCount() })
            .ToListAsync(cancellationToken);
        foreach (var day in recent)
        {
            daily[day.Day] = daily.GetValueOrDefault(day.Day) + day.Calls;
        }

        return forecaster.Forecast(daily, used, subscription.IncludedCallsPerMonth, subscription.HardCap);
    }
}
