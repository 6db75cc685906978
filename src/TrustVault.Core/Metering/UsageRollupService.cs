using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>Sums one hour of usage events into <see cref="UsageRollup"/> rows; running it again for the same hour gives the same rows.</summary>
public sealed class UsageRollupService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    /// <summary>Rolls up the last <paramref name="hours"/> complete hours, so events that arrived late are included.</summary>
    public async Task RollUpRecentAsync(int hours, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var currentHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        for (var i = hours; i >= 1; i--)
        {
            await RollUpHourAsync(currentHour.AddHours(-i), cancellationToken);
        }
    }

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
