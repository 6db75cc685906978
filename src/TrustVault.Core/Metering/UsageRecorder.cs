using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Metering;

/// <summary>
/// Writes usage events with group commit: callers queue an event and wait until the batch holding it
/// is committed, so a response the client sees always has its event stored. One writer drains the
/// queue; on shutdown <see cref="Complete"/> lets it finish what is queued. On SQLite the batches' commits never
/// checkpoint the WAL (a checkpoint syncs the files to disk, and every caller of the batch would wait for it):
/// the writer starts a passive checkpoint on its own connection at most once a second instead, beside the commits.
/// </summary>
public sealed partial class UsageRecorder(IDbContextFactory<TrustVaultDbContext> contexts, QuotaTracker quotas, ILogger<UsageRecorder> logger)
{
    public const int MaxBatch = 1000;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private Task checkpoint = Task.CompletedTask;
    private long lastCheckpoint;

    private readonly Channel<Pending> queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private sealed record Pending(UsageEvent Event, DateTimeOffset PeriodStart, TaskCompletionSource Written);

    /// <summary>Queues the event and completes once it is durably stored.</summary>
    /// <param name="periodStart">Start of the billing period the call counts in, for the quota counter.</param>
    public async Task RecordAsync(UsageEvent usage, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        var pending = new Pending(usage, periodStart, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await queue.Writer.WriteAsync(pending, cancellationToken);
        await pending.Written.Task;
    }

    /// <summary>No more events will be queued; the writer finishes the queue and returns.</summary>
    public void Complete() => queue.Writer.TryComplete();

    /// <summary>The writer loop: runs until <see cref="Complete"/> and the queue is empty.</summary>
    public async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                var sqlite = await WriteAsync(batch);
                batch.ForEach(p => p.Written.TrySetResult());
                if (sqlite)
                {
                    CheckpointWhenDue();
                }
            }
            catch (Exception e)
            {
                // Whatever failed, the callers waiting on this batch must hear of it rather than hang.
                LogWriteFailed(e, batch.Count);
                batch.ForEach(p => p.Written.TrySetException(e));
            }

            batch.Clear();
        }

        await checkpoint;
    }

    private void CheckpointWhenDue()
    {
        if (checkpoint.IsCompleted && Stopwatch.GetElapsedTime(lastCheckpoint) >= CheckpointInterval)
        {
            lastCheckpoint = Stopwatch.GetTimestamp();
            checkpoint = Task.Run(CheckpointAsync);
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await SqliteUsageInsert.CheckpointAsync(db);
        }
        catch (Exception e)
        {
            // The next one will try again; until then the WAL grows.
            LogCheckpointFailed(e);
        }
    }

    /// <returns>Whether the store is SQLite.</returns>
    private async Task<bool> WriteAsync(List<Pending> batch)
    {
        var lastUses = LastUses(batch);
        await using var db = await contexts.CreateDbContextAsync();
        List<Pending> written;
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            // One transaction, so the batch costs one commit: events and the keys' last use together.
            written = await SqliteUsageInsert.InsertAsync(db, batch, p => p.Event, lastUses);
        }
        else
        {
            written = await InsertWithEfAsync(db, batch);
            foreach (var (keyId, lastUsed) in lastUses)
            {
                await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < lastUsed))
                    .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, lastUsed));
            }
        }

        foreach (var pending in written)
        {
            if (pending.Event.IsBillable)
            {
                quotas.Add(pending.Event.SubscriptionId!.Value, pending.PeriodStart, 1);
            }
        }

        return sqlite;
    }

    /// <summary>The latest call of each key in the batch.</summary>
    private static Dictionary<Guid, DateTimeOffset> LastUses(List<Pending> batch)
    {
        var lastUses = new Dictionary<Guid, DateTimeOffset>();
        foreach (var pending in batch)
        {
            if (!lastUses.TryGetValue(pending.Event.ApiKeyId, out var at) || pending.Event.At > at)
            {
                lastUses[pending.Event.ApiKeyId] = pending.Event.At;
            }
        }

        return lastUses;
    }

    /// <returns>The events of the batch that were not stored before.</returns>
    private static async Task<List<Pending>> InsertWithEfAsync(TrustVaultDbContext db, List<Pending> batch)
    {
        db.UsageEvents.AddRange(batch.Select(p => p.Event));
        try
        {
            await db.SaveChangesAsync();
            return batch;
        }
        catch (DbUpdateException)
        {
            // A request id already stored (a retried write): store the others; the duplicates count once.
            db.ChangeTracker.Clear();
            return await WriteSkippingDuplicatesAsync(db, batch);
        }
    }

    private static async Task<List<Pending>> WriteSkippingDuplicatesAsync(TrustVaultDbContext db, List<Pending> batch)
    {
        var ids = batch.Select(p => p.Event.RequestId).ToList();
        var stored = (await db.UsageEvents.Where(e => ids.Contains(e.RequestId)).Select(e => e.RequestId).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var missing = batch.Where(p => !stored.Contains(p.Event.RequestId)).DistinctBy(p => p.Event.RequestId).ToList();
        db.UsageEvents.AddRange(missing.Select(p => p.Event));
        await db.SaveChangesAsync();
        return missing;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpointing the usage store's WAL failed")]
    private partial void LogCheckpointFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} usage events failed")]
    private partial void LogWriteFailed(Exception exception, int count);
}
