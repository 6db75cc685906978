using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Metering;

/// <summary>The billable calls of a subscription in a period: what quotas and invoices count.</summary>
public static class BillableCalls
{
    /// <summary>Hourly rollups, then the events after the last rolled-up hour, so calls not rolled up yet count too.</summary>
    public static async Task<long> CountAsync(TrustVaultDbContext db, Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        var rollups = db.UsageRollups.Where(r => r.SubscriptionId == subscriptionId && r.HourStart >= period.Start && r.HourStart < period.End);
        var lastHour = await rollups.OrderByDescending(r => r.HourStart).Select(r => (DateTimeOffset?)r.HourStart).FirstOrDefaultAsync(cancellationToken);
        var rolledUp = lastHour is null ? 0 : await rollups.SumAsync(r => r.BillableCalls, cancellationToken);
        var eventsFrom = lastHour?.AddHours(1) ?? period.Start;
        var recent = await db.UsageEvents
            .Where(e => e.SubscriptionId == subscriptionId && e.At >= eventsFrom && e.At < period.End)
            .Where(UsageEvent.Billable)
            .LongCountAsync(cancellationToken);
        return rolledUp + recent;
    }

    /// <summary>The same count by UTC day, for an organization's own subscription (the quota forecast's input).</summary>
    public static async Task<Dictionary<DateOnly, long>> PerDayAsync(
        TrustVaultDbContext db, Guid organizationId, Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        var hours = await db.UsageRollups.ForOrganization(organizationId)
            .Where(r => r.SubscriptionId == subscriptionId && r.HourStart >= period.Start && r.HourStart < period.End)
            .Select(r => new { r.HourStart, r.BillableCalls })
            .ToListAsync(cancellationToken);
        var daily = hours.GroupBy(h => DateOnly.FromDateTime(h.HourStart.UtcDateTime)).ToDictionary(g => g.Key, g => g.Sum(h => h.BillableCalls));
        var eventsFrom = hours.Count == 0 ? period.Start : hours.Max(h => h.HourStart).AddHours(1);
        var recent = await db.UsageEvents.ForOrganization(organizationId)
            .Where(e => e.SubscriptionId == subscriptionId && e.At >= eventsFrom && e.At < period.End)
            .Where(UsageEvent.Billable)
            .GroupBy(e => e.Day)
            .Select(g => new { Day = g.Key, Calls = g.LongCount() })
            .ToListAsync(cancellationToken);
        foreach (var day in recent)
        {
            daily[day.Day] = daily.GetValueOrDefault(day.Day) + day.Calls;
        }

        return daily;
    }
}
