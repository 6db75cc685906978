using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

/// <summary>
/// <see cref="IQuotaReservations"/> in the database, the fallback of <see cref="RedisQuotaReservations"/>: each reservation
/// is one transaction that locks the subscription's <see cref="QuotaCounter"/> row first (on SQLite, the database), so
/// the calls of every node take their turn and a hard cap holds across them; slower than Redis, which is why it only
/// serves while Redis is away. The counters are shared by the nodes: one that falls back later than another takes the
/// counter as the other left it, reservations of calls still in flight included. They are dropped when a node serves
/// from Redis again (<see cref="ForgetCountsAsync"/>), having missed the calls Redis serves from then on; a counter
/// counted before this node started is counted again from the billable calls stored, as it may have missed some too.
/// </summary>
public sealed partial class DatabaseQuotaReservations(
    IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock, ILogger<DatabaseQuotaReservations> logger) : IQuotaReservations
{
    private readonly long validFromTicks = clock.GetUtcNow().UtcTicks;

    /// <summary>
    /// Drops every counter: Redis serves again, so they miss the calls served from now on. The next outage counts them
    /// again from the stored calls. A failure is logged, not thrown: the call that brought Redis back must still be served.
    /// </summary>
    public async Task ForgetCountsAsync()
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.QuotaCounters.ExecuteDeleteAsync();
        }
        catch (Exception e)
        {
            LogNotForgotten(logger, e);
        }
    }

    /// <summary>
    /// The counter if it is current, never below the billable calls stored: what a store shared by the nodes starts from
    /// when it has no count, so calls reserved here while it was away count there too.
    /// </summary>
    public async Task<long> GetUsedAsync(Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counter = await Counter(db, subscriptionId, period.Start).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var stored = await BillableCalls.CountAsync(db, subscriptionId, period, cancellationToken);
        return counter is not null && IsCurrent(counter) ? Math.Max(counter.Taken, stored) : stored;
    }

    public Task<QuotaReservation> TryReserveAsync(Guid subscriptionId, BillingPeriod period, long? cap, CancellationToken cancellationToken) =>
        TryReserveAsync(subscriptionId, period, cap, 0, cancellationToken);

    /// <summary>
    /// Reserves as <see cref="IQuotaReservations.TryReserveAsync"/> does, counting at least <paramref name="atLeast"/> calls
    /// taken: the last count Redis gave this node, which includes calls in flight that the stored calls do not.
    /// </summary>
    public async Task<QuotaReservation> TryReserveAsync(Guid subscriptionId, BillingPeriod period, long? cap, long atLeast, CancellationToken cancellationToken)
    {
        try
        {
            return await ReserveAsync(subscriptionId, period, cap, atLeast, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node created the counter between this one's lock and insert; now there is a row to lock.
            return await ReserveAsync(subscriptionId, period, cap, atLeast, cancellationToken);
        }
    }

    public Task ReleaseAsync(Guid subscriptionId, DateTimeOffset periodStart) => AddAsync(subscriptionId, periodStart, -1);

    public async Task AddAsync(Guid subscriptionId, DateTimeOffset periodStart, long calls)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await Counter(db, subscriptionId, periodStart).ExecuteUpdateAsync(set => set.SetProperty(c => c.Taken, c => c.Taken + calls));
        }
        catch (Exception e)
        {
            // The counter is counted again from the stored calls when Redis fails next; metering must not stop for it.
            LogNotCounted(logger, e, subscriptionId);
        }
    }

    private async Task<QuotaReservation> ReserveAsync(Guid subscriptionId, BillingPeriod period, long? cap, long atLeast, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A write first: it locks the row (SQLite: the database) until the commit, so no other call reads the count between.
        await Counter(db, subscriptionId, period.Start).ExecuteUpdateAsync(set => set.SetProperty(c => c.Taken, c => c.Taken), cancellationToken);
        var counter = await Counter(db, subscriptionId, period.Start).SingleOrDefaultAsync(cancellationToken);
        if (counter is null)
        {
            counter = new QuotaCounter { SubscriptionId = subscriptionId, PeriodStart = period.Start };
            db.Add(counter);
        }

        if (db.Entry(counter).State == EntityState.Added || !IsCurrent(counter))
        {
            counter.Taken = await BillableCalls.CountAsync(db, subscriptionId, period, cancellationToken);
            counter.CountedAt = clock.GetUtcNow();
        }

        counter.Taken = Math.Max(counter.Taken, atLeast);
        var granted = cap is null || counter.Taken < cap;
        if (granted)
        {
            counter.Taken++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new QuotaReservation(granted, counter.Taken);
    }

    private bool IsCurrent(QuotaCounter counter) => counter.CountedAt.UtcTicks >= validFromTicks;

    private static IQueryable<QuotaCounter> Counter(TrustVaultDbContext db, Guid subscriptionId, DateTimeOffset periodStart) =>
        db.QuotaCounters.Where(c => c.SubscriptionId == subscriptionId && c.PeriodStart == periodStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A quota count of subscription {SubscriptionId} was not updated in the database")]
    private static partial void LogNotCounted(ILogger logger, Exception exception, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quota counters in the database were not dropped on Redis's return; the next outage may start from old counts")]
    private static partial void LogNotForgotten(ILogger logger, Exception exception);
}
