using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>Sums one hour of usage events into <see cref="UsageRollup"/> rows; running it again for the same hour gives the same rows.</summary>
public sealed class UsageRollupService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// Rolls up the last <paramref name="hours"/> complete hours, so events that arrived late are included, and every hour
    /// since the last one rolled up before them. Quota and invoice counts read rollups up to a subscription's last
    /// rolled-up hour and events after it only, so an hour left out while the job did not run (an outage, a first start on
    /// recorded events) would drop its calls from both. Hours before the previous month are invoiced already.
    /// </summary>
    public async Task RollUpRecentAsync(int hours, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var previousMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
        DateTimeOffset? lastRolledUp;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            lastRolledUp = await db.UsageRollups.OrderByDescending(r => r.HourStart).Select(r => (DateTimeOffset?)r.HourStart).FirstOrDefaultAsync(cancellationToken);
        }

        var firstMissing = lastRolledUp?.AddHours(1) ?? previousMonth;
        var from = Min(currentHour.AddHours(-hours), firstMissing < previousMonth ? previousMonth : firstMissing);
        for (var hour = from; hour < currentHour; hour = hour.AddHours(1))
        {
            await RollUpHourAsync(hour, cancellationToken);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public async Task RollUpHourAsync(DateTimeOffset hourStart, CancellationToken cancellationToken)
    {
        var end = hourStart.AddHours(1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await db.UsageEvents
            .Where(e => e.SubscriptionId != null && e.At >= hourStart && e.At < end)
            .ToListAsync(cancellationToken);
        var rows = events
            .GroupBy(e => e.SubscriptionId!.Value)
            .Select(g => new UsageRollup
            {
                SubscriptionId = g.Key,
                HourStart = hourStart,
                OrganizationId = g.First().OrganizationId,
                ListingId = g.First().ListingId ?? Guid.Empty,
                Calls = g.Count(),
                BillableCalls = g.Count(e => e.IsBillable),
                Errors = g.Count(e => e.Status >= 500),
                LatencyMsSum = g.Sum(e => (long)e.LatencyMs),
                Bytes = g.Sum(e => e.Bytes),
            })
            .ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.UsageRollups.Where(r => r.HourStart == hourStart).ExecuteDeleteAsync(cancellationToken);
        db.UsageRollups.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
