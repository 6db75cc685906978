using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;
using TrustVault.Core.Telemetry;

namespace TrustVault.Core.Metering;

/// <summary>
/// Writes usage events with group commit: a caller adds its event to the open batch and waits until that batch is
/// committed, so a response the client sees always has its event stored. One writer takes the open batch whenever it
/// is free, stores it and completes it for all of its callers at once: one completion per batch, not per event, which
/// matters at gateway rates. On shutdown <see cref="Complete"/> lets it finish what is queued. It also settles each
/// call's quota reservation, once the call's event is written or has failed to be. On SQLite and PostgreSQL a batch is
/// written to the <see cref="UsageJournal"/>, which imports it into the database a moment later: the callers wait for a
/// write to the operating system rather than the database's commit (one transaction per batch where the recorder
/// writes the database itself).
/// </summary>
public sealed partial class UsageRecorder(
    IDbContextFactory<TrustVaultDbContext> contexts, UsageJournal journal, IQuotaCounts quotas, TrustVaultMetrics metrics, ILogger<UsageRecorder> logger)
{
    /// <summary>Events a batch holds at most; further callers wait for it to be written before they queue.</summary>
    public const int MaxQueued = 50_000;

    private readonly Lock gate = new();

    // Released once for each batch that gets its first event, and once by Complete.
    private readonly SemaphoreSlim ready = new(0);
    private Batch open = new();
    private bool completed;

    private readonly record struct Pending(UsageEvent Event, DateTimeOffset PeriodStart, bool Reserved);

    private sealed class Batch
    {
        public List<Pending> Items { get; } = [];

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Queues the event and completes once it is durably stored.</summary>
    /// <param name="periodStart">Start of the billing period the call counts in, for the quota counter.</param>
    /// <param name="reserved">
    /// The call holds a unit of its quota, reserved by the gateway before it served the call: it stays as the call's count
    /// once a billable event is written, and is released otherwise.
    /// </param>
    /// <param name="cancellationToken">Stops waiting for room in a full queue; once queued, the event is written.</param>
    public async Task RecordAsync(UsageEvent usage, DateTimeOffset periodStart, bool reserved, CancellationToken cancellationToken)
    {
        using var span = TrustVaultActivities.Source.StartActivity("metering");
        Task written;
        try
        {
            written = await QueueAsync(new Pending(usage, periodStart, reserved), cancellationToken);
        }
        catch when (reserved)
        {
            await quotas.ReleaseAsync(usage.SubscriptionId!.Value, periodStart);
            throw;
        }

        await written;
    }

    /// <summary>The batch's write, once the event is in it; a ValueTask, as it nearly always is at once and a Task would be one more object per call.</summary>
    private async ValueTask<Task> QueueAsync(Pending pending, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task full;
            lock (gate)
            {
                if (completed)
                {
                    throw new InvalidOperationException("Usage recording has stopped: the app is shutting down.");
                }

                if (open.Items.Count < MaxQueued)
                {
                    open.Items.Add(pending);
                    metrics.MeteringQueued(1);
                    if (open.Items.Count == 1)
                    {
                        ready.Release();
                    }

                    return open.Written.Task;
                }

                full = open.Written.Task;
            }

            // Whether that batch was stored or not, there is room now.
            await full.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>No more events will be queued; the writer finishes the queue and returns.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (!completed)
            {
                completed = true;
                ready.Release();
            }
        }
    }

    /// <summary>The writer loop: runs until <see cref="Complete"/> and the queue is empty, and leaves what it wrote in the database.</summary>
    public async Task RunAsync()
    {
        IUsageWriter? writer = null;
        try
        {
            await StartAsync();
            while (true)
            {
                await ready.WaitAsync();
                Batch batch;
                lock (gate)
                {
                    batch = open;
                    if (batch.Items.Count == 0)
                    {
                        // Only Complete wakes the writer without a batch.
                        break;
                    }

                    open = new Batch();
                }

                List<Pending> written;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    writer ??= journal.IsOpen ? journal.Writer() : await UsageWriter.OpenAsync(contexts, logger);
                    written = await writer.WriteAsync(batch.Items, p => p.Event);
                }
                catch (Exception e)
                {
                    // Whatever failed, the callers waiting on this batch must hear of it rather than hang;
                    // the next batch gets a fresh connection in case this one is what failed.
                    metrics.MeteringCommitted(Stopwatch.GetElapsedTime(started), succeeded: false);
                    metrics.MeteringQueued(-batch.Items.Count);
                    LogWriteFailed(e, batch.Items.Count);
                    await CountAsync(batch.Items, []);
                    batch.Written.TrySetException(e);
                    await CloseAsync(writer);
                    writer = null;
                    continue;
                }

                metrics.MeteringCommitted(Stopwatch.GetElapsedTime(started), succeeded: true);
                metrics.MeteringQueued(-batch.Items.Count);

                // Settled before the callers go on: a client's next call finds this one counted, or its unit free again.
                await CountAsync(batch.Items, written);
                batch.Written.TrySetResult();
            }
        }
        finally
        {
            await CloseAsync(writer);
            await StopJournalAsync();
        }
    }

    /// <summary>
    /// Opens the journal on SQLite and PostgreSQL, after importing those of processes that ended; <see cref="RunAsync"/>
    /// does it too, if nothing did before. A journal that cannot open leaves the writer on the database itself: slower
    /// answers, nothing lost.
    /// </summary>
    public async Task StartAsync()
    {
        try
        {
            await journal.StartAsync();
        }
        catch (Exception e)
        {
            LogJournalUnavailable(e);
        }
    }

    private async Task StopJournalAsync()
    {
        try
        {
            await journal.StopAsync();
        }
        catch (Exception e)
        {
            LogJournalNotClosed(e);
        }
    }

    /// <summary>A billable event that was written counts; a reservation whose call is not counted that way is released.</summary>
    private async Task CountAsync(List<Pending> batch, List<Pending> written)
    {
        foreach (var pending in written)
        {
            if (pending.Event.IsBillable && !pending.Reserved)
            {
                await quotas.AddAsync(pending.Event.SubscriptionId!.Value, pending.PeriodStart, 1);
            }
            else if (!pending.Event.IsBillable && pending.Reserved)
            {
                await quotas.ReleaseAsync(pending.Event.SubscriptionId!.Value, pending.PeriodStart);
            }
        }

        // Events not written (the batch failed, or their request id was stored already) count nothing.
        if (written.Count < batch.Count)
        {
            foreach (var pending in batch.Except(written).Where(p => p.Reserved))
            {
                await quotas.ReleaseAsync(pending.Event.SubscriptionId!.Value, pending.PeriodStart);
            }
        }
    }

    private async Task CloseAsync(IUsageWriter? writer)
    {
        try
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
        catch (Exception e)
        {
            LogCloseFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} usage events failed")]
    private partial void LogWriteFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The usage journal could not be opened; usage batches are written to the database directly")]
    private partial void LogJournalUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The usage journal was not closed cleanly; the next start or another node imports what it holds")]
    private partial void LogJournalNotClosed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the usage writer's connection failed")]
    private partial void LogCloseFailed(Exception exception);
}
