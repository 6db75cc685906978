using System.Collections.Concurrent;

namespace TrustVault.Core.Caching;

/// <summary>
/// Values read from the database, each served for at most <c>lifetime</c> after the read that produced it began.
/// An entry still in use past half its lifetime is read again in the background, so a steadily used entry is
/// replaced before it expires and its callers never wait for the database; callers that do miss at the same
/// time share one read rather than each running their own (on expiry, every concurrent call used to query).
/// </summary>
/// <param name="keepMissing">Whether a <c>null</c> answer (nothing stored) is cached too, or read again on the next call.</param>
public sealed class RefreshingCache<TKey, TValue>(
    Func<TKey, CancellationToken, Task<TValue?>> read, TimeProvider clock, TimeSpan lifetime, int maxEntries, bool keepMissing, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
    where TValue : class
{
    private readonly ConcurrentDictionary<TKey, Entry> entries = new(comparer);
    private readonly ConcurrentDictionary<TKey, Task<TValue?>> reads = new(comparer);
    private readonly Lock storing = new();
    private long invalidations;

    private sealed record Entry(TValue? Value, DateTimeOffset ReadAt);

    public ValueTask<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(key, out var entry) && now - entry.ReadAt < lifetime)
        {
            if (now - entry.ReadAt >= lifetime / 2 && !reads.ContainsKey(key))
            {
                // Nobody waits for this read; a failure leaves the entry to expire, and the next miss reports it.
                _ = ReadAsync(key).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
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
            // On the pool, not on this caller's thread: the SQLite provider's async calls do their work before they return,
            // so a background refresh started here ran to its end while the caller that happened to start it waited.
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
            var value = await read(key, CancellationToken.None);
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
