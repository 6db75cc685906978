using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

public abstract class UsageRetentionTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTimeOffset November2 = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset November25 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    // 31 days kept, deleted 100 at a time: the 250 settled calls take three batches.
    private readonly CoreTestHost host = CoreTestHost.On(provider, services =>
        services.Configure<UsageRetentionOptions>(options => (options.Days, options.BatchSize) = (31, 100)));

    private Guid organization;
    private Guid subscription;

    public async Task InitializeAsync()
    {
        // The clock starts on 1 November at 09:00 UTC.
        await host.InitializeAsync();
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Pro", MonthlyPrice = 30m, IncludedCallsPerMonth = 1000, OveragePricePer1000 = 1m });
        (var customer, organization) = await host.AddCustomerAsync("globex@example.com", TestCards.Visa);
        subscription = (await host.Get<SubscriptionService>().SubscribeAsync(customer, organization, tides.PlanIds[0], CancellationToken.None)).SubscriptionId;
        await using var db = await Contexts.CreateDbContextAsync();
        db.UsageEvents.AddRange(Enumerable.Range(0, 250).Select(i => Call($"settled-{i}", November2.AddSeconds(i), subscription)));
        db.UsageEvents.AddRange(
            Call("hour-not-rolled-up", November2.AddDays(1), subscription),
            Call("no-subscription", November2.AddHours(1), null, status: 403),
            Call("younger-than-31-days", November25, subscription));
        await db.SaveChangesAsync();
        await host.Get<UsageRollupService>().RollUpHourAsync(November2, CancellationToken.None);
        await host.Get<UsageRollupService>().RollUpHourAsync(November25, CancellationToken.None);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private IDbContextFactory<TrustVaultDbContext> Contexts => host.Get<IDbContextFactory<TrustVaultDbContext>>();

    private UsageEvent Call(string requestId, DateTimeOffset at, Guid? subscriptionId, int status = 200) => new()
    {
        RequestId = requestId,
        At = at,
        OrganizationId = organization,
        SubscriptionId = subscriptionId,
        ApiKeyId = Guid.NewGuid(),
        Method = "GET",
        Route = "/tides/now",
        Status = status,
    };

    private async Task<List<string>> KeptAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.UsageEvents.OrderBy(e => e.RequestId).Select(e => e.RequestId).ToListAsync();
    }

    private async Task<long> BillableCallsAsync(BillingPeriod period)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await BillableCalls.CountAsync(db, subscription, period, CancellationToken.None);
    }

    [Fact]
    public async Task Old_events_that_were_rolled_up_and_invoiced_are_pruned_and_the_invoice_still_counts_them()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        var november = BillingPeriod.PreviousTo(host.Clock.GetUtcNow());
        await host.Get<InvoicingService>().RunAsync(november, CancellationToken.None);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));
        var countedBefore = await BillableCallsAsync(november);

        var deleted = await host.Get<UsageEventPruner>().PruneAsync(CancellationToken.None);

        Assert.Equal(251, deleted);
        Assert.Equal(["hour-not-rolled-up", "younger-than-31-days"], await KeptAsync());
        // The rollups still hold the pruned calls: the period counts the same.
        Assert.Equal(countedBefore, await BillableCallsAsync(november));
    }

    [Fact]
    public async Task Events_of_a_period_not_invoiced_yet_are_kept_whatever_their_age()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.Zero));

        var deleted = await host.Get<UsageEventPruner>().PruneAsync(CancellationToken.None);

        // Only the refused call without a subscription goes: nothing bills it.
        Assert.Equal(1, deleted);
        Assert.DoesNotContain("no-subscription", await KeptAsync());
        Assert.Equal(252, (await KeptAsync()).Count);
    }

    public sealed class OnSqlite() : UsageRetentionTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : UsageRetentionTests(DatabaseProvider.PostgreSql);
}
