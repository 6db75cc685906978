using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Data;

namespace TrustVault.Core.Metering;

/// <summary>
/// Writes usage events with group commit: a caller adds its event to the open batch and waits until that batch is
/// committed, so a response the client sees always has its event stored. One writer takes the open batch whenever it
/// is free, stores it (on SQLite in one transaction) and completes it for all of its callers at once: one completion
/// per batch, not per event, which matters at gateway rates. On shutdown <see cref="Complete"/> lets it finish what is
/// queued.
/// </summary>
public sealed partial class UsageRecorder(IDbContextFactory<TrustVaultDbContext> contexts, QuotaTracker quotas, ILogger<UsageRecorder> logger)
{
    /// <summary>Events a batch holds at most; further callers wait for it to be written before they queue.</summary>
    public const int MaxQueued = 50_000;

    private readonly Lock gate = new();

    // Released once for each batch that gets its first event, and once by Complete.
    private readonly SemaphoreSlim ready = new(0);
    private Batch open = new();
    private bool completed;

    private readonly record struct Pending(UsageEvent Event, DateTimeOffset PeriodStart);

    private sealed class Batch
    {
        public List<Pending> Items { get; } = [];

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Queues the event and completes once it is durably stored.</summary>
    /// <param name="periodStart">Start of the billing period the call counts in, for the quota counter.</param>
    /// <param name="cancellationToken">Stops waiting for room in a full queue; once queued, the event is written.</param>
    public async Task RecordAsync(UsageEvent usage, DateTimeOffset periodStart, CancellationToken cancellationToken)
    {
        Task written;
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
                    open.Items.Add(new Pending(usage, periodStart));
                    if (open.Items.Count == 1)
                    {
                        ready.Release();
                    }

                    written = open.Written.Task;
                    break;
                }

                full = open.Written.Task;
            }

            // Whether that batch was stored or not, there is room now.
            await full.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }

        await written;
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

    /// <summary>The writer loop: runs until <see cref="Complete"/> and the queue is empty.</summary>
    public async Task RunAsync()
    {
        IUsageWriter? writer = null;
        try
        {
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

                try
                {
                    writer ??= await UsageWriter.OpenAsync(contexts, logger);
                    Count(await writer.WriteAsync(batch.Items, p => p.Event));
                    batch.Written.TrySetResult();
                }
                catch (Exception e)
                {
                    // Whatever failed, the callers waiting on this batch must hear of it rather than hang;
                    // the next batch gets a fresh connection in case this one is what failed.
                    LogWriteFailed(e, batch.Items.Count);
                    batch.Written.TrySetException(e);
                    await CloseAsync(writer);
                    writer = null;
                }
            }
        }
        finally
        {
            await CloseAsync(writer);
        }
    }

    private void Count(List<Pending> written)
    {
        foreach (var pending in written)
        {
            if (pending.Event.IsBillable)
            {
                quotas.Add(pending.Event.SubscriptionId!.Value, pending.PeriodStart, 1);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the usage writer's connection failed")]
    private partial void LogCloseFailed(Exception exception);
}
