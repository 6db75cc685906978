using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

/// <summary>
/// The usage journal: answered calls reach the usage store a moment later, and the journals of processes that ended (no
/// live process holds them) are recovered by whichever node sweeps the directory. The kill -9 of a real node is in the
/// E2E two-node tests.
/// </summary>
public abstract class UsageJournalTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost host = CoreTestHost.On(provider);

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private IDbContextFactory<TrustVaultDbContext> Contexts => host.Get<IDbContextFactory<TrustVaultDbContext>>();

    private static UsageEvent Event() => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        At = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero),
        OrganizationId = Guid.NewGuid(),
        SubscriptionId = Guid.NewGuid(),
        ApiKeyId = Guid.NewGuid(),
        Method = "GET",
        Route = "/tides/v1/levels",
        Status = 200,
    };

    private async Task<string> StoreAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return UsageJournal.StoreOf(db)!;
    }

    private async Task<int> StoredAsync(IEnumerable<UsageEvent> events)
    {
        var ids = events.Select(e => e.RequestId).ToList();
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.UsageEvents.CountAsync(e => ids.Contains(e.RequestId));
    }

    /// <summary>A journal as a process that ended left it: its header, then its records.</summary>
    private string DeadJournal(params byte[][] records)
    {
        Directory.CreateDirectory(host.JournalDirectory);
        var path = Path.Combine(host.JournalDirectory, $"ended-{Guid.NewGuid():N}{UsageJournalFile.Extension}");
        File.WriteAllBytes(path, [.. records.SelectMany(r => r)]);
        return path;
    }

    [Fact]
    public async Task Answered_calls_are_imported_while_the_node_runs_and_a_clean_stop_deletes_its_journal()
    {
        var recorder = host.Get<UsageRecorder>();
        var writer = Task.Run(recorder.RunAsync);
        var events = Enumerable.Range(0, 30).Select(_ => Event()).ToList();

        await Task.WhenAll(events.Select(e => recorder.RecordAsync(e, default, reserved: false, CancellationToken.None)));
        await UsageStore.WaitForEventsAsync(Contexts, [.. events.Select(e => e.RequestId)]);
        var whileRunning = Directory.GetFiles(host.JournalDirectory, "*" + UsageJournalFile.Extension);
        recorder.Complete();
        await writer;

        Assert.Single(whileRunning);
        Assert.Empty(Directory.GetFiles(host.JournalDirectory));
    }

    [Fact]
    public async Task A_journal_that_a_live_process_holds_is_not_swept_and_is_imported_once_released()
    {
        var events = new[] { Event(), Event(), Event() };
        var path = DeadJournal(UsageJournalFile.Header(await StoreAsync()), UsageJournalFile.Batch(events));
        var journal = host.Get<UsageJournal>();

        // FileShare.None: the lock a live node holds its own journal with.
        using (File.Open(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            await journal.StartAsync();
            await journal.StopAsync();
            Assert.Equal(0, await StoredAsync(events));
            Assert.True(File.Exists(path));
        }

        // The sweep at start, done before the node serves.
        await journal.StartAsync();
        await journal.StopAsync();

        Assert.Equal(3, await StoredAsync(events));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task An_ended_process_journal_is_imported_up_to_its_torn_tail_and_another_store_journal_is_left_alone()
    {
        var kept = new[] { Event(), Event() };
        var torn = new[] { Event() };
        var elsewhere = new[] { Event() };
        var ended = DeadJournal(UsageJournalFile.Header(await StoreAsync()), UsageJournalFile.Batch(kept), UsageJournalFile.Batch(torn)[..20]);
        var otherStore = DeadJournal(UsageJournalFile.Header("elsewhere:5432/other"), UsageJournalFile.Batch(elsewhere));
        var journal = host.Get<UsageJournal>();

        await journal.StartAsync();
        await journal.StopAsync();

        Assert.Equal((2, 0, 0), (await StoredAsync(kept), await StoredAsync(torn), await StoredAsync(elsewhere)));
        Assert.False(File.Exists(ended));
        Assert.True(File.Exists(otherStore));
    }

    [Fact]
    public async Task While_the_database_refuses_imports_calls_are_answered_and_their_events_arrive_once_it_takes_them_again()
    {
        var recorder = host.Get<UsageRecorder>();
        var journal = host.Get<UsageJournal>();
        var writer = Task.Run(recorder.RunAsync);
        await ExecuteAsync("""ALTER TABLE "UsageEvents" RENAME TO "UsageEventsAway" """);
        var events = new[] { Event(), Event() };

        await Task.WhenAll(events.Select(e => recorder.RecordAsync(e, default, reserved: false, CancellationToken.None)));
        var deadline = DateTime.UtcNow + UsageStore.Patience;
        while (journal.ImportFailingFor is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The import never reported failing.");
            await Task.Delay(20);
        }

        await ExecuteAsync("""ALTER TABLE "UsageEventsAway" RENAME TO "UsageEvents" """);
        await UsageStore.WaitForEventsAsync(Contexts, [.. events.Select(e => e.RequestId)]);
        recorder.Complete();
        await writer;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task An_event_the_store_would_refuse_fails_its_call_rather_than_the_import()
    {
        var recorder = host.Get<UsageRecorder>();
        var writer = Task.Run(recorder.RunAsync);
        var tooLong = new UsageEvent { RequestId = new string('x', UsageEvent.RequestIdMaxLength + 1), ApiKeyId = Guid.NewGuid(), Method = "GET", Route = "/x" };

        await Assert.ThrowsAsync<ArgumentException>(() => recorder.RecordAsync(tooLong, default, reserved: false, CancellationToken.None));
        var next = Event();
        await recorder.RecordAsync(next, default, reserved: false, CancellationToken.None);
        recorder.Complete();
        await writer;

        Assert.Equal(1, await StoredAsync([next]));
    }

    public sealed class OnSqlite() : UsageJournalTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : UsageJournalTests(DatabaseProvider.PostgreSql);
}
