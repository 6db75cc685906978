using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
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
}
