using Microsoft.Extensions.Time.Testing;
using TrustVault.Core.Caching;

namespace TrustVault.Tests.Caching;

public sealed class RefreshingCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly Store store = new();

    private RefreshingCache<string, Box> Cache(bool keepMissing = false) =>
        new(store.ReadAsync, clock, Lifetime, maxEntries: 100, keepMissing, StringComparer.Ordinal);

    [Fact]
    public async Task Concurrent_misses_for_one_key_share_one_read()
    {
        var cache = Cache();
        store.Gate = new TaskCompletionSource();

        var calls = Enumerable.Range(0, 10).Select(_ => cache.GetAsync("k", CancellationToken.None).AsTask()).ToList();
        store.Gate.SetResult();
        var values = await Task.WhenAll(calls);

        Assert.Equal(1, store.Reads);
        Assert.All(values, v => Assert.Equal(1, v!.Version));
    }

    [Fact]
    public async Task An_entry_in_use_past_half_its_lifetime_is_read_again_in_the_background_while_callers_get_the_cached_value()
    {
        var cache = Cache();
        await cache.GetAsync("k", CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        store.Gate = new TaskCompletionSource();

        var during = await cache.GetAsync("k", CancellationToken.None);
        store.Gate.SetResult();
        clock.Advance(TimeSpan.FromMilliseconds(300));
        await WaitForAsync(async () => (await cache.GetAsync("k", CancellationToken.None))!.Version == 2);

        Assert.Equal(1, during!.Version);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_background_read_that_works_synchronously_does_not_hold_up_the_caller_that_starts_it()
    {
        var cache = Cache();
        await cache.GetAsync("k", CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        using var database = new ManualResetEventSlim();
        store.Blocking = database;

        var during = await Task.Run(() => cache.GetAsync("k", CancellationToken.None).AsTask()).WaitAsync(TimeSpan.FromSeconds(10));
        database.Set();

        Assert.Equal(1, during!.Version);
    }

    [Fact]
    public async Task An_entry_is_never_served_a_lifetime_after_its_read_began()
    {
        var cache = Cache();
        await cache.GetAsync("k", CancellationToken.None);
        clock.Advance(Lifetime);

        var value = await cache.GetAsync("k", CancellationToken.None);

        Assert.Equal(2, value!.Version);
    }

    [Fact]
    public async Task An_invalidated_entry_is_read_again_and_a_read_begun_before_the_invalidation_does_not_put_it_back()
    {
        var cache = Cache();
        await cache.GetAsync("k", CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        store.Gate = new TaskCompletionSource();
        await cache.GetAsync("k", CancellationToken.None);
        await WaitForAsync(() => Task.FromResult(store.Reads == 2));

        cache.Invalidate("k");
        var afterInvalidation = cache.GetAsync("k", CancellationToken.None).AsTask();
        store.Gate.SetResult();

        Assert.Equal(3, (await afterInvalidation)!.Version);
        Assert.Equal(3, (await cache.GetAsync("k", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task Entries_due_at_the_same_time_are_read_again_together()
    {
        var cache = Cache();
        var keys = Enumerable.Range(0, 50).Select(i => $"k{i}").ToList();
        foreach (var key in keys)
        {
            await cache.GetAsync(key, CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMilliseconds(600));
        store.Gate = new TaskCompletionSource();
        foreach (var key in keys)
        {
            await cache.GetAsync(key, CancellationToken.None);
        }

        store.Gate.SetResult();
        await WaitForAsync(async () =>
        {
            var values = await Task.WhenAll(keys.Select(key => cache.GetAsync(key, CancellationToken.None).AsTask()));
            return values.All(v => v!.Version > keys.Count);
        });

        // One read for all 50, or two when the first key's read began before the others were found due.
        Assert.InRange(store.Reads, keys.Count + 1, keys.Count + 2);
    }

    [Fact]
    public async Task Nothing_stored_is_read_again_on_the_next_call_unless_missing_values_are_kept()
    {
        store.Missing = true;
        var forgetting = Cache();
        await forgetting.GetAsync("k", CancellationToken.None);
        await forgetting.GetAsync("k", CancellationToken.None);
        Assert.Equal(2, store.Reads);

        var keeping = Cache(keepMissing: true);
        await keeping.GetAsync("k", CancellationToken.None);
        await keeping.GetAsync("k", CancellationToken.None);
        Assert.Equal(3, store.Reads);
    }

    [Fact]
    public async Task A_failed_read_reaches_its_callers_and_is_not_cached()
    {
        var cache = Cache();
        store.Failure = new InvalidOperationException("database down");

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync("k", CancellationToken.None).AsTask());
        store.Failure = null;
        var value = await cache.GetAsync("k", CancellationToken.None);

        Assert.Equal(2, value!.Version);
    }

    /// <summary>Waits for a background refresh; generously, as CI's machine may be loaded.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !await condition())
        {
            await Task.Delay(10);
        }

        Assert.True(await condition());
    }

    private sealed record Box(int Version);

    private sealed class Store
    {
        private int reads;

        public int Reads => Volatile.Read(ref reads);
        public TaskCompletionSource? Gate { get; set; }

        /// <summary>Holds the read's thread, as SQLite's "async" calls do, before its first await.</summary>
        public ManualResetEventSlim? Blocking { get; set; }
        public bool Missing { get; set; }
        public Exception? Failure { get; set; }

        public async Task<IReadOnlyDictionary<string, Box>> ReadAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
        {
            var version = Interlocked.Increment(ref reads);
            Blocking?.Wait(cancellationToken);
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (Failure is { } failure)
            {
                throw failure;
            }

            return Missing ? new Dictionary<string, Box>() : keys.ToDictionary(key => key, _ => new Box(version));
        }
    }
}
