using System.Collections.Concurrent;

namespace TrustVault.Core.Caching;

/// <summary>
/// Values read from the database, each served for at most <c>lifetime</c> after the read that produced it began.
/// An entry still in use past half its lifetime is read again in the background, so a steadily used entry is
/// replaced before it expires and its callers never wait for the database; callers that do miss at the same
/// time share one read rather than each running their own (on expiry, every concurrent call used to query).
/// Background reads take every entry due at the time together, in one read of up to <see cref="RefreshSlice"/> keys:
/// one query per entry and half-lifetime was thousands of queries a second with thousands of keys in use.
/// </summary>
/// <param name="read">The values stored for the given keys; a key left out has nothing stored.</param>
/// <param name="keepMissing">Whether a <c>null</c> answer (nothing stored) is cached too, or read again on the next call.</param>
public sealed class RefreshingCache<TKey, TValue>(
    Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read,
    TimeProvider clock,
    TimeSpan lifetime,
    int maxEntries,
    bool keepMissing,
    IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
    where TValue : class
{
    public const int RefreshSlice = 500;

    private readonly ConcurrentDictionary<TKey, Entry> entries = new(comparer);
    private readonly ConcurrentDictionary<TKey, Task<TValue?>> reads = new(comparer);
    private readonly ConcurrentDictionary<TKey, byte> due = new(comparer);
    private readonly Lock storing = new();
    private long invalidations;
    private int refreshing;

    private sealed record Entry(TValue? Value, DateTimeOffset ReadAt);

    public ValueTask<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(key, out var entry) && now - entry.ReadAt < lifetime)
        {
            if (IsDue(entry, now))
            {
                RefreshInBackground(key);
            }

            return ValueTask.FromResult(entry.Value);
        }

        return new ValueTask<TValue?>(ReadAsync(key).WaitAsync(cancellationToken));
    }

    /// <summary>Drops the entry now; a read that began before this call neither puts it back nor answers later callers.</summary>
    public void Invalidate(TKey key)
    {
        lock (storing)
        {
            invalidations++;
            entries.TryRemove(key, out _);
            reads.TryRemove(key, out _);
        }
    }

    /// <summary>Drops every entry whose key matches, as <see cref="Invalidate"/> drops one.</summary>
    public void InvalidateWhere(Func<TKey, bool> match)
    {
        lock (storing)
        {
            invalidations++;
            foreach (var key in entries.Keys.Concat(reads.Keys).Where(match).ToList())
            {
                entries.TryRemove(key, out _);
                reads.TryRemove(key, out _);
            }
        }
    }

    private Task<TValue?> ReadAsync(TKey key)
    {
        if (reads.TryGetValue(key, out var running))
        {
            return running;
        }

        var done = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
        running = reads.GetOrAdd(key, done.Task);
        if (running == done.Task)
        {
            // On the pool: the SQLite provider's async calls do their work before they return, so started here the read
            // would run to its end before this caller could even give up waiting for it.
            _ = Task.Run(() => RunReadAsync(key, done));
        }

        return running;
    }

    private async Task RunReadAsync(TKey key, TaskCompletionSource<TValue?> done)
    {
        var readAt = clock.GetUtcNow();
        long invalidationsBefore;
        lock (storing)
        {
            invalidationsBefore = invalidations;
        }

        try
        {
            // Not the caller's token: other callers share this read.
            var value = (await read([key], CancellationToken.None)).GetValueOrDefault(key);
            Store(key, value, readAt, invalidationsBefore);
            reads.TryRemove(new KeyValuePair<TKey, Task<TValue?>>(key, done.Task));
            done.SetResult(value);
        }
        catch (Exception e)
        {
            reads.TryRemove(new KeyValuePair<TKey, Task<TValue?>>(key, done.Task));
            done.SetException(e);
        }
    }

    private bool IsDue(Entry entry, DateTimeOffset now) => now - entry.ReadAt >= lifetime / 2;

    private void RefreshInBackground(TKey key)
    {
        due.TryAdd(key, 0);
        if (Interlocked.CompareExchange(ref refreshing, 1, 0) == 0)
        {
            // On the pool, not on this caller's thread: SQLite's async calls do their work before they return, so started
            // here the refresh ran to its end on the gateway call that happened to find the entry due.
            _ = Task.Run(RefreshDueAsync);
        }
    }

    /// <summary>Reads every due entry, in slices, until none is left; nobody waits for it.</summary>
    private async Task RefreshDueAsync()
    {
        try
        {
            while (true)
            {
                var readAt = clock.GetUtcNow();
                var keys = new List<TKey>();
                foreach (var key in due.Keys)
                {
                    if (keys.Count == RefreshSlice)
                    {
                        break;
                    }

                    due.TryRemove(key, out _);
                    // Callers mark an entry again while its read runs; once read it is not due any more.
                    if (entries.TryGetValue(key, out var entry) && IsDue(entry, readAt))
                    {
                        keys.Add(key);
                    }
                }

                if (keys.Count == 0)
                {
                    return;
                }

                long invalidationsBefore;
                lock (storing)
                {
                    invalidationsBefore = invalidations;
                }

                try
                {
                    var values = await read(keys, CancellationToken.None);
                    foreach (var key in keys)
                    {
                        Store(key, values.GetValueOrDefault(key), readAt, invalidationsBefore);
                    }
                }
                catch (Exception)
                {
                    // A failed refresh leaves its entries to expire; the next miss reads them again and reports any failure.
                }
            }
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
            // A key marked between the loop's last look and the line above has no refresh running for it.
            if (!due.IsEmpty && Interlocked.CompareExchange(ref refreshing, 1, 0) == 0)
            {
                _ = Task.Run(RefreshDueAsync);
            }
        }
    }

    private void Store(TKey key, TValue? value, DateTimeOffset readAt, long invalidationsBefore)
    {
        lock (storing)
        {
            if (invalidations != invalidationsBefore)
            {
                return;
            }

            if (value is null && !keepMissing)
            {
                entries.TryRemove(key, out _);
                return;
            }

            if (entries.Count >= maxEntries)
            {
                entries.Clear();
            }

            entries[key] = new Entry(value, readAt);
        }
    }
}
