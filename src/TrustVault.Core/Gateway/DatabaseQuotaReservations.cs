using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

/// <summary>
/// <see cref="IQuotaReservations"/> in the database, the fallback of <see cref="RedisQuotaReservations"/>: each reservation
/// is one conditional update of the subscription's <see cref="QuotaCounter"/> row (take one unless the cap is reached),
/// which the database applies to the row one after another whichever node sends it, so a hard cap holds across the
/// nodes; slower than Redis, which is why it only serves while Redis is away. The counters are shared by the nodes: one
/// that falls back later than another takes the counter as the other left it, reservations of calls still in flight
/// included. They are dropped when a node serves from Redis again (<see cref="ForgetCountsAsync"/>), having missed the
/// calls Redis serves from then on; a counter counted before this node started is raised to the billable calls stored,
/// as it may have missed some too.
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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            await CountAsync(db, subscriptionId, period, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // One statement checks and takes: the database runs the updates of one row one after another, each on the
            // count the one before left, so no two calls take the last unit. The row stays locked until the commit, so
            // the count read next is this call's own.
            var granted = await Counter(db, subscriptionId, period.Start)
                .Where(c => cap == null || (c.Taken < atLeast ? atLeast : c.Taken) < cap)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Taken, c => (c.Taken < atLeast ? atLeast : c.Taken) + 1), cancellationToken) == 1;
            var used = await Counter(db, subscriptionId, period.Start).Select(c => (long?)c.Taken).SingleOrDefaultAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (used is not null)
            {
                return new QuotaReservation(granted, Math.Max(used.Value, atLeast));
            }

            // A node back on Redis dropped the counters between the count and the take: count again.
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

    /// <summary>
    /// Makes sure the subscription's counter exists and is never below the billable calls stored, raising it on every
    /// reservation (never lowering it: its other units are calls in flight on some node). Every time, not once: a counter
    /// made while one node briefly fell back misses the calls other nodes served through Redis since, which are stored by
    /// the time Redis is gone for all of them. Each step is one statement that holds whatever another node did first.
    /// </summary>
    private async Task CountAsync(TrustVaultDbContext db, Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        var counted = await Counter(db, subscriptionId, period.Start).AsNoTracking().Select(c => (DateTimeOffset?)c.CountedAt).SingleOrDefaultAsync(cancellationToken);
        var stored = await BillableCalls.CountAsync(db, subscriptionId, period, cancellationToken);
        var now = clock.GetUtcNow();
        if (counted is { } countedAt)
        {
            await Counter(db, subscriptionId, period.Start).Where(c => c.CountedAt == countedAt).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Taken, c => c.Taken < stored ? stored : c.Taken)
                .SetProperty(c => c.CountedAt, now), cancellationToken);
            return;
        }

        await InsertUnlessMadeAsync(db, new QuotaCounter { SubscriptionId = subscriptionId, PeriodStart = period.Start, Taken = stored, CountedAt = now }, cancellationToken);
    }

    /// <summary>
    /// Makes the counter unless another node made it first, counted as this one would have: one statement that does
    /// nothing when the key is taken. An insert through EF lost that race with an error EF Core logs (and which the
    /// operators' alerts pick up) although nothing was wrong. The times are stored as EF stores them on each provider.
    /// </summary>
    private static Task InsertUnlessMadeAsync(TrustVaultDbContext db, QuotaCounter counter, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(QuotaCounter))!;
        object Stored(string property, DateTimeOffset value) =>
            entity.FindProperty(property)!.GetTypeMapping().Converter?.ConvertToProvider(value) ?? value;
        var subscriptionId = counter.SubscriptionId;
        var periodStart = Stored(nameof(QuotaCounter.PeriodStart), counter.PeriodStart);
        var taken = counter.Taken;
        var countedAt = Stored(nameof(QuotaCounter.CountedAt), counter.CountedAt);
        return db.Database.IsSqlServer()
            ? db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO [QuotaCounters] ([SubscriptionId], [PeriodStart], [Taken], [CountedAt])
                SELECT {subscriptionId}, {periodStart}, {taken}, {countedAt}
                WHERE NOT EXISTS (SELECT 1 FROM [QuotaCounters] WITH (UPDLOCK, HOLDLOCK) WHERE [SubscriptionId] = {subscriptionId} AND [PeriodStart] = {periodStart})
                """,
                cancellationToken)
            : db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO "QuotaCounters" ("SubscriptionId", "PeriodStart", "Taken", "CountedAt")
                VALUES ({subscriptionId}, {periodStart}, {taken}, {countedAt})
                ON CONFLICT DO NOTHING
                """,
                cancellationToken);
    }

    private bool IsCurrent(QuotaCounter counter) => counter.CountedAt.UtcTicks >= validFromTicks;

    private static IQueryable<QuotaCounter> Counter(TrustVaultDbContext db, Guid subscriptionId, DateTimeOffset periodStart) =>
        db.QuotaCounters.Where(c => c.SubscriptionId == subscriptionId && c.PeriodStart == periodStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A quota count of subscription {SubscriptionId} was not updated in the database")]
    private static partial void LogNotCounted(ILogger logger, Exception exception, Guid subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quota counters in the database were not dropped on Redis's return; the next outage may start from old counts")]
    private static partial void LogNotForgotten(ILogger logger, Exception exception);
}
