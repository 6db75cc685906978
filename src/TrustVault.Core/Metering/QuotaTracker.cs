using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Metering;

/// <summary>
/// Billable calls per subscription and billing period, in memory. A counter is rebuilt from the
/// database on first use (hourly rollups, then the events after the last rolled-up hour), so it
/// survives restarts; afterwards each durably written event adds to it.
/// </summary>
public sealed class QuotaTracker(IDbContextFactory<TrustVaultDbContext> contexts)
{
    private readonly ConcurrentDictionary<(Guid Subscription, DateTimeOffset PeriodStart), Lazy<Task<Counter>>> counters = new();

    private sealed class Counter(long initial)
    {
        private long value = initial;

        public long Value => Interlocked.Read(ref value);

        public void Add(long calls) => Interlocked.Add(ref value, calls);
    }

    public async Task<long> GetUsedAsync(Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken) =>
        (await CounterAsync(subscriptionId, period, cancellationToken)).Value;

    /// <summary>Counts a billable call written to the store; a counter not loaded yet will read it from there.</summary>
    public void Add(Guid subscriptionId, DateTimeOffset periodStart, long calls)
    {
        if (counters.TryGetValue((subscriptionId, periodStart), out var lazy) && lazy.Value.IsCompletedSuccessfully)
        {
            lazy.Value.Result.Add(calls);
        }
    }

    private Task<Counter> CounterAsync(Guid subscriptionId, BillingPeriod period, CancellationToken cancellationToken)
    {
        // The load runs on the pool: SQLite's async calls do their work before they return, so started here it would run
        // to its end on this caller's thread while every concurrent first caller blocked on the Lazy's lock.
        var lazy = counters.GetOrAdd((subscriptionId, period.Start), _ => new Lazy<Task<Counter>>(() => Task.Run(() => LoadAsync(subscriptionId, period))));
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
