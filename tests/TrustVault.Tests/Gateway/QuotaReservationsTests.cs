using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Redis;

namespace TrustVault.Tests.Gateway;

/// <summary>What every <see cref="IQuotaReservations"/> store must do, whichever backs it.</summary>
public abstract class QuotaReservationsContract : IAsyncLifetime
{
    private static readonly BillingPeriod Period = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Guid subscription = Guid.NewGuid();

    protected CoreTestHost Host { get; } = new();

    protected abstract IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts);

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();

    private IQuotaReservations Create() => Create(Host.Get<IDbContextFactory<TrustVaultDbContext>>());

    [Fact]
    public async Task Parallel_reservations_never_pass_the_cap()
    {
        var quotas = Create();

        var reservations = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => quotas.TryReserveAsync(subscription, Period, 50, CancellationToken.None))));

        Assert.Equal(50, reservations.Count(r => r.Granted));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), reservations.Where(r => r.Granted).Select(r => r.Used).Order());
        Assert.All(reservations.Where(r => !r.Granted), r => Assert.Equal(50, r.Used));
        Assert.Equal(50, await quotas.GetUsedAsync(subscription, Period, CancellationToken.None));
    }

    [Fact]
    public async Task A_released_unit_can_be_reserved_again()
    {
        var quotas = Create();
        Assert.True((await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None)).Granted);
        Assert.False((await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None)).Granted);

        await quotas.ReleaseAsync(subscription, Period.Start);

        Assert.Equal(0, await quotas.GetUsedAsync(subscription, Period, CancellationToken.None));
        Assert.Equal(new QuotaReservation(true, 1), await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_cap_every_call_reserves_and_counts()
    {
        var quotas = Create();
        await quotas.TryReserveAsync(subscription, Period, 1, CancellationToken.None);

        Assert.Equal(new QuotaReservation(true, 2), await quotas.TryReserveAsync(subscription, Period, null, CancellationToken.None));
        await quotas.AddAsync(subscription, Period.Start, 3);
        Assert.Equal(5, await quotas.GetUsedAsync(subscription, Period, CancellationToken.None));
    }

    [Fact]
    public async Task Counts_start_from_the_billable_calls_stored()
    {
        await using (var db = await Host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.UsageEvents.AddRange(Enumerable.Range(0, 3).Select(i => new UsageEvent
            {
                RequestId = Guid.NewGuid().ToString("N"),
                At = Period.Start.AddHours(i),
                OrganizationId = Guid.NewGuid(),
                SubscriptionId = subscription,
                ApiKeyId = Guid.NewGuid(),
                Method = "GET",
                Route = "/x/y",
                Status = 200,
            }));
            await db.SaveChangesAsync();
        }

        var quotas = Create();

        Assert.Equal(new QuotaReservation(false, 3), await quotas.TryReserveAsync(subscription, Period, 3, CancellationToken.None));
        Assert.Equal(new QuotaReservation(true, 4), await quotas.TryReserveAsync(subscription, Period, 4, CancellationToken.None));
    }
}

public sealed class InProcessQuotaReservationsTests : QuotaReservationsContract
{
    protected override IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts) => new InProcessQuotaReservations(contexts);
}

public sealed class DatabaseQuotaReservationsTests : QuotaReservationsContract
{
    protected override IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts) =>
        new DatabaseQuotaReservations(contexts, Host.Clock, NullLogger<DatabaseQuotaReservations>.Instance);
}

public sealed class RedisQuotaReservationsTests(RedisServer redis) : QuotaReservationsContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisNodes nodes = new(redis);

    protected override IQuotaReservations Create(IDbContextFactory<TrustVaultDbContext> contexts) => nodes.Reservations(contexts, Host.Clock);

    public void Dispose() => nodes.Dispose();
}
