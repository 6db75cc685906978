using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;
using Npgsql;
using TrustVault.Core.Data;
using TrustVault.Core.Telemetry;

namespace TrustVault.Core.Metering;

/// <summary>
/// The usage journal on SQLite and PostgreSQL (docs/decisions/0035 and 0036): <see cref="UsageRecorder"/> appends each
/// batch to a file of this process's own and answers its callers once the batch is written to the operating system,
/// with no database commit and no fsync; an import loop then moves the journaled events into <c>UsageEvents</c> in
/// bulk through the store's own writer, normally within milliseconds. Written to the OS, a batch survives a killed
/// process (kill -9), as SQLite's WAL does with synchronous=NORMAL; a background fsync at most every <see cref="SyncInterval"/> bounds what an OS crash can take.
/// The process holds its file with an exclusive lock (FileShare.None, flock on Linux, which the kernel drops with the
/// process), so a file nobody holds belongs to a process that died: every node sweeps such files in its directory at
/// start and every <see cref="SweepInterval"/>, imports them and deletes them. Imports are idempotent (a stored request
/// id is skipped), so a batch imported twice counts once. Quotas are settled when a batch is journaled, never on import.
/// The intervals are real time, not the app's clock: they pace I/O, and a test's stopped clock must not stop them.
/// </summary>
public sealed partial class UsageJournal(
    IDbContextFactory<TrustVaultDbContext> contexts, IOptions<UsageJournalOptions> options, TrustVaultMetrics metrics, ILogger<UsageJournal> logger)
    : IAsyncDisposable
{
    public static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    // How long an import waits after the first append it is woken for, so that one round trip and one WAL flush carry
    // the batches of that moment rather than each batch its own: at 1,000 calls a second an import per batch cost more
    // CPU than the calls' own path on the database's side (bench/README.md).
    private static readonly TimeSpan Gathering = TimeSpan.FromMilliseconds(50);

    // Events per import statement: large enough to catch up quickly after an outage, small enough for one round trip.
    private const int ImportChunk = 10_000;

    // The file starts over once everything in it is imported and it has grown past this; a restart re-imports at most this much, idempotently.
    private const long RestartAt = 1 << 20;

    private readonly SemaphoreSlim lifecycle = new(1, 1);
    private readonly SemaphoreSlim appended = new(0);
    private readonly Lock gate = new();
    private CancellationTokenSource stopping = new();
    private Task loops = Task.CompletedTask;
    private IUsageWriter? importer;
    private SafeFileHandle? file;
    private string? path;
    private string store = "";
    private long batchesStart;
    private long appendedTo;
    private long importedTo;
    private long appendedBatches;
    private int signalled;
    private long failingSince;

    /// <summary>Whether the journal is open: on SQLite and PostgreSQL, between <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public bool IsOpen => Volatile.Read(ref file) is not null;

    /// <summary>How long imports have been failing; null while they succeed. The journal keeps the events meanwhile.</summary>
    public TimeSpan? ImportFailingFor => Interlocked.Read(ref failingSince) is var since and not 0 ? Stopwatch.GetElapsedTime(since) : null;

    /// <summary>
    /// On SQLite and PostgreSQL, unless <see cref="UsageJournalOptions.UseJournal"/> is off: recovers the journals no live
    /// process holds, then opens this process's own. On SQL Server nothing, so its callers wait for the database as
    /// before: no SQL Server runs where the tests run.
    /// </summary>
    public async Task StartAsync()
    {
        await lifecycle.WaitAsync();
        try
        {
            if (IsOpen)
            {
                return;
            }

            await using (var db = await contexts.CreateDbContextAsync())
            {
                if (!options.Value.UseJournal || StoreOf(db) is not { } journaled)
                {
                    return;
                }

                store = journaled;
            }

            var directory = options.Value.JournalDirectory!;
            Directory.CreateDirectory(directory);
            Open(directory);
            stopping.Dispose();
            stopping = new CancellationTokenSource();
            try
            {
                await SweepAsync();
            }
            catch (Exception e)
            {
                // The next sweep tries again; this node serves meanwhile.
                LogImportFailed(e);
                await CloseImporterAsync();
            }

            loops = Task.WhenAll(Task.Run(ImportLoopAsync), Task.Run(SyncLoopAsync));
        }
        finally
        {
            lifecycle.Release();
        }
    }

    /// <summary>Imports what is left and deletes the file; if the database cannot take it, the file stays for the next start or another node.</summary>
    public async Task StopAsync()
    {
        await lifecycle.WaitAsync();
        try
        {
            if (file is not { } open)
            {
                return;
            }

            await stopping.CancelAsync();
            await loops;
            // Closed to appends first: a batch journaled after the last import would be deleted with the file.
            lock (gate)
            {
                Volatile.Write(ref file, null);
            }

            try
            {
                await ImportOwnAsync(open);
                File.Delete(path!);
            }
            catch (Exception e)
            {
                LogKept(e, path!);
                _ = Sync(open);
            }
            finally
            {
                await CloseImporterAsync();
                open.Dispose();
                Interlocked.Exchange(ref failingSince, 0);
            }
        }
        finally
        {
            lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The recorder's writer while the journal is open: a batch is stored once it is journaled.</summary>
    internal IUsageWriter Writer() => new JournalWriter(this);

    /// <summary>The store a journal's events belong to: SQLite's file, or PostgreSQL's host, port and database; null on SQL Server.</summary>
    internal static string? StoreOf(TrustVaultDbContext db)
    {
        var connectionString = db.Database.GetConnectionString()!;
        if (db.Database.IsSqlite())
        {
            return Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        }

        if (db.Database.IsNpgsql())
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }

        return null;
    }

    /// <summary>Writes the batch to the OS at the end of the file; the import loop is woken for it.</summary>
    private void Append(IReadOnlyList<UsageEvent> events)
    {
        var record = UsageJournalFile.Batch(events);
        lock (gate)
        {
            var open = file ?? throw new InvalidOperationException("The usage journal is closed.");
            RandomAccess.Write(open, record, appendedTo);
            appendedTo += record.Length;
        }

        Interlocked.Increment(ref appendedBatches);
        metrics.MeteringJournalBacklog(events.Count);
        if (Interlocked.Exchange(ref signalled, 1) == 0)
        {
            appended.Release();
        }
    }

    /// <summary>A new file under a name no sweep looks at, locked and given its header before it is named a journal.</summary>
    private void Open(string directory)
    {
        var name = Path.Combine(directory, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var creating = name + ".new";
        var handle = File.OpenHandle(creating, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var header = UsageJournalFile.Header(store);
            RandomAccess.Write(handle, header, 0);
            File.Move(creating, name + UsageJournalFile.Extension);
            path = name + UsageJournalFile.Extension;
            batchesStart = appendedTo = importedTo = header.Length;
            Volatile.Write(ref file, handle);
        }
        catch
        {
            handle.Dispose();
            File.Delete(creating);
            throw;
        }
    }

    private async Task ImportLoopAsync()
    {
        var lastSweep = Stopwatch.GetTimestamp();
        var retry = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!retry && await appended.WaitAsync(SweepInterval, stopping.Token))
                {
                    await Task.Delay(Gathering, stopping.Token);
                }

                await ImportOwnAsync(file!);
                if (Stopwatch.GetElapsedTime(lastSweep) >= SweepInterval)
                {
                    await SweepAsync();
                    lastSweep = Stopwatch.GetTimestamp();
                }

                if (Interlocked.Exchange(ref failingSince, 0) != 0)
                {
                    LogImportResumed();
                }

                retry = false;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Logged once per outage, not on every retry.
                if (Interlocked.CompareExchange(ref failingSince, Stopwatch.GetTimestamp(), 0) == 0)
                {
                    LogImportFailed(e);
                }

                await CloseImporterAsync();
                retry = true;
                await Task.Delay(RetryDelay, stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Imports this process's batches not imported yet; starts the file over when everything in it is.</summary>
    private async Task ImportOwnAsync(SafeFileHandle journal)
    {
        Interlocked.Exchange(ref signalled, 0);
        long from, to;
        lock (gate)
        {
            (from, to) = (importedTo, appendedTo);
        }

        await ImportAsync(journal, from, to, beforeGatewayRefusals: false, (end, events, _) =>
        {
            lock (gate)
            {
                importedTo = end;
            }

            metrics.MeteringJournalBacklog(-events);
        });

        lock (gate)
        {
            if (importedTo == appendedTo && appendedTo >= RestartAt)
            {
                RandomAccess.SetLength(journal, batchesStart);
                appendedTo = importedTo = batchesStart;
            }
        }
    }

    /// <summary>Imports and deletes the journals of this store in the directory that no live process holds.</summary>
    private async Task SweepAsync()
    {
        foreach (var other in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "*" + UsageJournalFile.Extension))
        {
            if (other == path)
            {
                continue;
            }

            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(other, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a live process (or swept by another node just now).
                continue;
            }

            using (handle)
            {
                if (UsageJournalFile.ReadHeader(handle) is not ({ } owner, var start, var beforeGatewayRefusals) || owner != store)
                {
                    // Another store's journal, or a header never written whole (no batch follows one): not this node's to import.
                    continue;
                }

                var (read, stored) = (0L, 0L);
                await ImportAsync(handle, start, RandomAccess.GetLength(handle), beforeGatewayRefusals, (_, events, added) => (read, stored) = (read + events, stored + added));
                File.Delete(other);
                LogRecovered(other, read, stored);
            }
        }
    }

    /// <summary>
    /// The batches between the offsets into <c>UsageEvents</c>, a chunk at a time; <paramref name="imported"/> hears of
    /// each chunk stored: the offset it ends at, its events, and how many of them were not stored before.
    /// </summary>
    /// <param name="beforeGatewayRefusals">The journal was written by a version before <see cref="UsageEvent.IsGatewayRefusal"/>.</param>
    private async Task ImportAsync(SafeFileHandle journal, long from, long to, bool beforeGatewayRefusals, Action<long, int, int> imported)
    {
        var chunk = new List<UsageEvent>();
        var end = from;
        foreach (var batch in UsageJournalFile.ReadBatches(journal, from, to, beforeGatewayRefusals))
        {
            chunk.AddRange(batch.Events);
            end = batch.End;
            if (chunk.Count >= ImportChunk)
            {
                imported(end, chunk.Count, await StoreAsync(chunk));
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            imported(end, chunk.Count, await StoreAsync(chunk));
        }
    }

    /// <summary>How many of the events were not stored before.</summary>
    private async Task<int> StoreAsync(List<UsageEvent> events)
    {
        importer ??= await UsageWriter.OpenAsync(contexts, logger);
        return (await importer.WriteAsync(events, e => e)).Count;
    }

    private async Task CloseImporterAsync()
    {
        try
        {
            if (importer is not null)
            {
                await importer.DisposeAsync();
            }
        }
        catch (Exception e)
        {
            LogImportFailed(e);
        }
        finally
        {
            importer = null;
        }
    }

    /// <summary>Bounds what an OS crash can take to the last interval's batches; a killed process loses none of them.</summary>
    private async Task SyncLoopAsync()
    {
        using var timer = new PeriodicTimer(SyncInterval);
        var synced = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                var batches = Interlocked.Read(ref appendedBatches);
                if (batches != synced)
                {
                    if (Sync(file!))
                    {
                        synced = batches;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last import or the kept file's own sync follows.
        }
    }

    private bool Sync(SafeFileHandle journal)
    {
        try
        {
            RandomAccess.FlushToDisk(journal);
            return true;
        }
        catch (IOException e)
        {
            LogSyncFailed(e);
            return false;
        }
    }

    /// <summary>The recorder's side: every event of a journaled batch is new, as the gateway makes a fresh request id per call.</summary>
    private sealed class JournalWriter(UsageJournal journal) : IUsageWriter
    {
        /// <remarks>A batch is a call or two at ordinary rates, so it is walked by index, with no set for a single event.</remarks>
        public Task<List<T>> WriteAsync<T>(IReadOnlyList<T> items, Func<T, UsageEvent> usage)
        {
            var events = new UsageEvent[items.Count];
            for (var i = 0; i < events.Length; i++)
            {
                var e = events[i] = usage(items[i]);
                // What the database would refuse must fail now, while its callers can still hear of it, not in the import.
                if (e.RequestId is not { Length: > 0 and <= UsageEvent.RequestIdMaxLength } || e.Method is not { Length: <= UsageEvent.MethodMaxLength }
                    || e.Route is not { Length: <= UsageEvent.RouteMaxLength })
                {
                    throw new ArgumentException($"Usage event '{e.RequestId}' does not fit the usage store's columns.", nameof(items));
                }
            }

            journal.Append(events);
            // A request id twice in one batch counts once, for its first item, as the database's import will store it.
            var seen = events.Length > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
            var stored = new List<T>(items.Count);
            for (var i = 0; i < events.Length; i++)
            {
                if (seen?.Add(events[i].RequestId) ?? true)
                {
                    stored.Add(items[i]);
                }
            }

            return Task.FromResult(stored);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Importing journaled usage events failed; the journal keeps them and the import is retried")]
    private partial void LogImportFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Importing journaled usage events works again")]
    private partial void LogImportResumed();

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the journal {Path} of a process that ended: {Count} usage events, {Stored} of them not stored before")]
    private partial void LogRecovered(string path, long count, long stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The usage journal {Path} could not be imported on shutdown; the next start or another node sharing the directory imports it")]
    private partial void LogKept(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Syncing the usage journal to disk failed; it is tried again in a second")]
    private partial void LogSyncFailed(Exception exception);
}
