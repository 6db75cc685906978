using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Keys;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

/// <summary>The group-commit recorder and its writer, on each store that has a writer of its own.</summary>
public abstract class MeteringTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset Hour = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private readonly Guid subscription = Guid.NewGuid();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    private UsageEvent Event(int minute, int status = 200, bool isTest = false, bool isUnknownEndpoint = false, bool isGatewayRefusal = false) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        At = Hour.AddMinutes(minute),
        OrganizationId = Guid.NewGuid(),
        SubscriptionId = subscription,
        ListingId = Guid.NewGuid(),
        ApiKeyId = Guid.NewGuid(),
        Method = "GET",
        Route = "/x/y",
        Status = status,
        LatencyMs = 20,
        IsTest = isTest,
        IsUnknownEndpoint = isUnknownEndpoint,
        IsGatewayRefusal = isGatewayRefusal,
    };

    private async Task RecordAsync(params UsageEvent[] events)
    {
        var recorder = host.Get<UsageRecorder>();
        var writer = Task.Run(recorder.RunAsync);
        await Task.WhenAll(events.Select(e => recorder.RecordAsync(e, Hour, reserved: false, CancellationToken.None)));
        recorder.Complete();
        await writer;
    }

    [Fact]
    public async Task Recorded_events_are_durable_once_recording_returns_and_duplicates_count_once()
    {
        var first = Event(1);
        var duplicate = new UsageEvent
        {
            RequestId = first.RequestId,
            At = first.At,
            OrganizationId = first.OrganizationId,
            SubscriptionId = subscription,
            ApiKeyId = first.ApiKeyId,
            Method = "GET",
            Route = "/x/y",
            Status = 200,
        };

        await RecordAsync([first, Event(2), Event(3)]);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(3, await db.UsageEvents.CountAsync());
        }

        var recorder = new UsageRecorder(host.Get<IDbContextFactory<TrustVaultDbContext>>(), host.Get<UsageJournal>(), host.Get<IQuotaReservations>(), host.Get<TrustVault.Core.Telemetry.TrustVaultMetrics>(), host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<UsageRecorder>>());
        var writer = Task.Run(recorder.RunAsync);
        await recorder.RecordAsync(duplicate, Hour, reserved: false, CancellationToken.None);
        recorder.Complete();
        await writer;

        await using var check = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await check.UsageEvents.CountAsync());
    }

    [Fact]
    public async Task Recording_moves_the_key_last_use_to_its_latest_call_and_never_back()
    {
        var key = await AddKeyAsync("meteredkey26");
        var usedLater = await AddKeyAsync("usedlater026", lastUsedAt: Hour.AddMinutes(30));

        await RecordAsync([Call(key, Hour.AddMinutes(5)), Call(key, Hour.AddMinutes(9)), Call(key, Hour.AddMinutes(7)), Call(usedLater, Hour.AddMinutes(10))]);

        Assert.Equal(Hour.AddMinutes(9), await LastUsedAtAsync(key));
        Assert.Equal(Hour.AddMinutes(30), await LastUsedAtAsync(usedLater));
    }

    [Fact]
    public async Task A_key_last_use_is_stored_again_once_it_moved_by_the_resolution_not_with_every_batch()
    {
        var key = await AddKeyAsync("resolution26");
        var recorder = host.Get<UsageRecorder>();
        var writer = Task.Run(recorder.RunAsync);

        // The key's last use is stored with the call's event: on PostgreSQL when the journal imports it, a moment after the call.
        async Task<DateTimeOffset?> CallAsync(DateTimeOffset at)
        {
            var call = Call(key, at);
            await recorder.RecordAsync(call, Hour, reserved: false, CancellationToken.None);
            await UsageStore.WaitForEventsAsync(host.Get<IDbContextFactory<TrustVaultDbContext>>(), [call.RequestId]);
            return await LastUsedAtAsync(key);
        }

        Assert.Equal(Hour, await CallAsync(Hour));
        Assert.Equal(Hour, await CallAsync(Hour + KeyLastUses.Resolution - TimeSpan.FromSeconds(1)));
        Assert.Equal(Hour + KeyLastUses.Resolution, await CallAsync(Hour + KeyLastUses.Resolution));
        recorder.Complete();
        await writer;
    }

    private async Task<ApiKey> AddKeyAsync(string keyId, DateTimeOffset? lastUsedAt = null)
    {
        var organization = new Organization { Name = $"Metered {keyId}" };
        var key = new ApiKey { OrganizationId = organization.Id, Name = keyId, KeyId = keyId, SecretHash = ApiKeyFormat.Hash(keyId), LastUsedAt = lastUsedAt };
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        db.Organizations.Add(organization);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return key;
    }

    private UsageEvent Call(ApiKey key, DateTimeOffset at) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        At = at,
        OrganizationId = key.OrganizationId,
        SubscriptionId = subscription,
        ApiKeyId = key.Id,
        Method = "GET",
        Route = "/x/y",
        Status = 200,
    };

    private async Task<DateTimeOffset?> LastUsedAtAsync(ApiKey key)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return (await db.ApiKeys.SingleAsync(k => k.Id == key.Id)).LastUsedAt;
    }

    [Fact]
    public async Task A_batch_that_cannot_be_stored_fails_its_callers_and_the_writer_goes_on()
    {
        var period = new BillingPeriod(Hour, Hour.AddMonths(1));
        var quota = host.Get<IQuotaReservations>();
        Assert.Equal(0, await quota.GetUsedAsync(subscription, period, CancellationToken.None));
        var recorder = host.Get<UsageRecorder>();
        var writer = Task.Run(recorder.RunAsync);
        var unstorable = new UsageEvent { RequestId = null!, OrganizationId = Guid.NewGuid(), ApiKeyId = Guid.NewGuid(), Method = "GET", Route = "/x/y" };

        await Assert.ThrowsAnyAsync<Exception>(() => recorder.RecordAsync(unstorable, Hour, reserved: false, CancellationToken.None));
        // A writer that stopped would leave these waiting: fail instead of hanging.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => recorder.RecordAsync(Event(i), Hour, reserved: false, CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(30));
        recorder.Complete();
        await writer;

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Equal(50, await db.UsageEvents.CountAsync());
        Assert.Equal(50, await quota.GetUsedAsync(subscription, period, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => recorder.RecordAsync(Event(51), Hour, reserved: false, CancellationToken.None));
    }

    [Fact]
    public async Task A_reserved_call_counts_once_when_its_billable_event_is_written_and_frees_its_unit_otherwise()
    {
        var period = new BillingPeriod(Hour, Hour.AddMonths(1));
        var quotas = host.Get<IQuotaReservations>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await quotas.TryReserveAsync(subscription, period, 3, CancellationToken.None)).Granted);
        }

        var recorder = host.Get<UsageRecorder>();
        var writer = Task.Run(recorder.RunAsync);
        var unstorable = new UsageEvent { RequestId = null!, OrganizationId = Guid.NewGuid(), SubscriptionId = subscription, ApiKeyId = Guid.NewGuid(), Method = "GET", Route = "/x/y" };
        await recorder.RecordAsync(Event(1), Hour, reserved: true, CancellationToken.None);
        await recorder.RecordAsync(Event(2, status: 403, isGatewayRefusal: true), Hour, reserved: true, CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => recorder.RecordAsync(unstorable, Hour, reserved: true, CancellationToken.None));
        recorder.Complete();
        await writer;

        Assert.Equal(1, await quotas.GetUsedAsync(subscription, period, CancellationToken.None));
    }

    [Fact]
    public async Task Rolling_up_the_same_hour_twice_gives_the_same_rows()
    {
        await RecordAsync([Event(1), Event(2, status: 500), Event(3, status: 429, isGatewayRefusal: true), Event(4, isTest: true), Event(5, status: 404, isUnknownEndpoint: true)]);
        var rollups = host.Get<UsageRollupService>();

        await rollups.RollUpHourAsync(Hour, CancellationToken.None);
        await rollups.RollUpHourAsync(Hour, CancellationToken.None);

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var row = Assert.Single(await db.UsageRollups.ToListAsync());
        Assert.Equal((5L, 2L, 1L, 100L), (row.Calls, row.BillableCalls, row.Errors, row.LatencyMsSum));
    }

    [Fact]
    public async Task Hours_the_rollup_job_missed_are_rolled_up_by_its_next_run_so_their_calls_still_count()
    {
        // Calls at 10:01 and 18:05; the job next runs at 20:30, after an outage, for the last three hours.
        await RecordAsync([Event(1), Event((8 * 60) + 5)]);
        host.Clock.SetUtcNow(Hour.AddHours(10).AddMinutes(30));

        await host.Get<UsageRollupService>().RollUpRecentAsync(3, CancellationToken.None);

        var tracker = new InProcessQuotaReservations(host.Get<IDbContextFactory<TrustVaultDbContext>>());
        Assert.Equal(2, await tracker.GetUsedAsync(subscription, new BillingPeriod(Hour.AddHours(-10), Hour.AddDays(29)), CancellationToken.None));
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.UsageRollups.SumAsync(r => r.BillableCalls));
    }

    [Fact]
    public async Task The_quota_counter_is_rebuilt_from_rollups_plus_later_events()
    {
        await RecordAsync([Event(1), Event(2), Event(3, status: 405, isUnknownEndpoint: true), Event(70), Event(71, isTest: true), Event(72, status: 429, isGatewayRefusal: true), Event(73, status: 404, isUnknownEndpoint: true)]);
        await host.Get<UsageRollupService>().RollUpHourAsync(Hour, CancellationToken.None);

        // A fresh tracker, as after a restart.
        var tracker = new InProcessQuotaReservations(host.Get<IDbContextFactory<TrustVaultDbContext>>());
        var used = await tracker.GetUsedAsync(subscription, new BillingPeriod(Hour.AddDays(-1), Hour.AddDays(29)), CancellationToken.None);

        Assert.Equal(3, used);
    }

    /// <summary>The SQLite writer's own concerns: its WAL, and SQLite's synchronous "async" I/O.</summary>
    public sealed class OnSqlite() : MeteringTests(DatabaseProvider.Sqlite)
    {
        [Fact]
        public async Task Under_a_steady_stream_of_commits_the_writer_starts_the_wal_over_after_its_checkpoints()
        {
            string walPath;
            await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
            {
                walPath = db.Database.GetDbConnection().DataSource + "-wal";
            }

            // The writer itself, as the usage journal's import drives it: one batch after another.
            await using var writer = await UsageWriter.OpenAsync(host.Get<IDbContextFactory<TrustVaultDbContext>>(), NullLogger.Instance);
            await writer.WriteAsync([Event(0)], e => e);
            var startsBefore = WalStarts(walPath);

            // One caller, one event per commit, across the writer's one-second checkpoint intervals: commits never pause
            // for a whole checkpoint, which is when a WAL that only background checkpoints copy never starts over. The
            // stream goes on until the WAL starts over, or for far longer than a few intervals on a loaded machine.
            var steady = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 1; WalStarts(walPath) == startsBefore && steady.Elapsed < TimeSpan.FromSeconds(30); i++)
            {
                await writer.WriteAsync([Event(i % 60)], e => e);
            }

            var startsAfter = WalStarts(walPath);
            Assert.True(startsAfter > startsBefore, $"The WAL was started over {startsAfter - startsBefore} times.");
        }

        /// <summary>The WAL header's checkpoint sequence number, which SQLite moves on each time it starts the WAL over.</summary>
        private static uint WalStarts(string walPath)
        {
            using var wal = new FileStream(walPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[16];
            wal.ReadExactly(header);
            return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        }

        [Fact]
        public async Task Loading_a_quota_counter_holds_up_no_callers_thread_while_the_database_works()
        {
            using var database = new ManualResetEventSlim();
            var tracker = new InProcessQuotaReservations(new SynchronousContexts(host.Get<IDbContextFactory<TrustVaultDbContext>>(), database));
            var period = new BillingPeriod(Hour.AddDays(-1), Hour.AddDays(29));

            // Each caller gets a pending answer at once; before, the first ran the load on its own thread and the others
            // blocked on it.
            var answered = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Factory
                .StartNew(() => tracker.GetUsedAsync(subscription, period, CancellationToken.None), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)
                .WaitAsync(TimeSpan.FromSeconds(10))));
            database.Set();
            var used = await Task.WhenAll(answered);

            Assert.Equal([0L, 0L], used);
        }

        /// <summary>Contexts whose creation waits for <paramref name="database"/> on the calling thread, as SQLite's "async" I/O does.</summary>
        private sealed class SynchronousContexts(IDbContextFactory<TrustVaultDbContext> inner, ManualResetEventSlim database) : IDbContextFactory<TrustVaultDbContext>
        {
            public TrustVaultDbContext CreateDbContext()
            {
                database.Wait();
                return inner.CreateDbContext();
            }
        }
    }

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : MeteringTests(DatabaseProvider.PostgreSql);
}
