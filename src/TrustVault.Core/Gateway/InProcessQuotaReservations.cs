using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

/// <summary>
/// <see cref="IQuotaReservations"/> in this process's memory: exact for the calls of one node. A count is loaded from the
/// database on first use (hourly rollups, then the events after the last rolled-up hour), so it survives restarts.
/// </summary>
public sealed class InProcessQuotaReservations(IDbContextFactory<TrustVaultDbContext> contexts) : IQuotaReservations
{
    private readonly ConcurrentDictionary<(Guid Subscription, DateTimeOffset PeriodStart), Lazy<Task<Counter>>> counters = new();

    /// <summary>Calls counted and reserved, in one number: a reserved call's unit becomes its count without a step between.</summary>
    private sealed class Counter(long initial)
    {
        private long taken = initial;

        public long Taken => Interlocked.Read(ref taken);

        public void Add(long calls) => Interlocked.Add(ref taken, calls);

        /// <summary>Compare-and-swap: no other call can take the last unit between this one's check and its take.</summary>
        public QuotaReservation TryTake(long? cap)
        {
            if (cap is null)
            {
                return new QuotaReservation(true, Interlocked.Increment(ref taken));
            }

            var current = Taken;
            while (current < cap)
            {
                var seen = Interlocked.CompareExchange(ref taken, current + 1, current);
                if (seen == current)
                {
                    return new QuotaReservation(true, current + 1);
                }

                current = seen;
            }

            return new QuotaReservation(false, current);
        }
    }

    public async Task<long> GetUsedAsync(Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken) =>
        (await CounterAsync(subscriptionId, period, cancellationToken)).Taken;

    public async Task<QuotaReservation> TryReserveAsync(Guid subscriptionId, BillingPeriod period, long? cap, CancellationToken cancellationToken) =>
        (await CounterAsync(subscriptionId, period, cancellationToken)).TryTake(cap);

    public Task ReleaseAsync(Guid subscriptionId, DateTimeOffset periodStart) => AddAsync(subscriptionId, periodStart, -1);

    public Task AddAsync(Guid subscriptionId, DateTimeOffset periodStart, long calls)
    {
        if (counters.TryGetValue((subscriptionId, periodStart), out var lazy) && lazy.Value.IsCompletedSuccessfully)
        {
            lazy.Value.Result.Add(calls);
        }

        return Task.CompletedTask;
    }

    private Task<Counter> CounterAsync(Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        // The load runs on the pool: SQLite's async calls do their work before they return, so started here it would run
        // to its end on this caller's thread while every concurrent first caller blocked on the Lazy's lock.
        // A static factory given its state: a lambda closing over the call's ids was a closure and a delegate every call.
        var lazy = counters.GetOrAdd(
            (subscriptionId, period.Start),
            static (_, load) => new Lazy<Task<Counter>>(() => Task.Run(() => load.Reservations.LoadAsync(load.SubscriptionId, load.Period))),
            (Reservations: this, SubscriptionId: subscriptionId, Period: period));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            counters.TryRemove(new KeyValuePair<(Guid, DateTimeOffset), Lazy<Task<Counter>>>((subscriptionId, period.Start), lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<Counter> LoadAsync(Guid subscriptionId, BillingPeriod period)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return new Counter(await BillableCalls.CountAsync(db, subscriptionId, period, CancellationToken.None));
    }
}
