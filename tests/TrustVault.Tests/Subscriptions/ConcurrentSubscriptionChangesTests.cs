using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Subscriptions;

/// <summary>
/// Changes to one subscription arriving together (two tabs, a script and a person): the subscription ends as one of the
/// changes after the other would leave it, each refused change is told why, and nothing fails; on a real SQLite file
/// and a real PostgreSQL database.
/// </summary>
public abstract class ConcurrentSubscriptionChangesTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Requests = 8;
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private PublishedListing tides = null!;
    private string customerId = "";
    private Guid customerOrganization;

    private SubscriptionService Subscriptions => host.Get<SubscriptionService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(
            new PlanInput { Name = "Basic", MonthlyPrice = 10m }, new PlanInput { Name = "Starter", MonthlyPrice = 20m, TrialDays = 14 },
            new PlanInput { Name = "Pro", MonthlyPrice = 50m }, new PlanInput { Name = "Team", MonthlyPrice = 80m });
        (customerId, customerOrganization) = await host.AddCustomerAsync("customer@example.com", TestCards.Visa);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Canceling_and_upgrading_a_trial_at_once_ends_it_as_one_after_the_other_would()
    {
        var (starter, pro) = (tides.PlanIds[1], tides.PlanIds[2]);
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, starter, None)).SubscriptionId;
        var trialEnd = host.Clock.GetUtcNow().AddDays(14);
        host.Clock.Advance(TimeSpan.FromDays(1));
        var now = host.Clock.GetUtcNow();

        var refusals = await AllAtOnce.RefusalsAsync(Alternating(
            () => Subscriptions.CancelAsync(customerId, customerOrganization, id, None),
            () => Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, pro, None)));

        var subscription = await SubscriptionAsync(id);
        var outcome = (subscription.PlanId, subscription.TrialEndsAt, subscription.CancelsAt, refusals.Count,
            string.Join(", ", await AuditedAsync(id, "subscription.canceled", "subscription.upgraded")));
        // Canceled first: the trial ends when it was to, and every upgrade is refused. Upgraded first: the trial ends at
        // the upgrade, the cancellation at the period's end, and the other upgrades are refused as the plan in force.
        Assert.Contains(outcome, new[]
        {
            (starter, (DateTimeOffset?)trialEnd, (DateTimeOffset?)trialEnd, Requests / 2, "subscription.canceled"),
            (pro, now, BillingPeriod.MonthOf(now).End, Requests / 2 - 1, "subscription.canceled, subscription.upgraded"),
        });
        Assert.Equal(
            subscription.PlanId == pro ? [(starter, now), (pro, null)] : new (Guid, DateTimeOffset?)[] { (starter, null) },
            subscription.Terms.OrderBy(t => t.From).Select(t => (t.PlanId, t.To)));
    }

    [Fact]
    public async Task Upgrading_and_withdrawing_a_scheduled_downgrade_at_once_leaves_one_plan_in_force()
    {
        var (basic, pro, team) = (tides.PlanIds[0], tides.PlanIds[2], tides.PlanIds[3]);
        var id = (await Subscriptions.SubscribeAsync(customerId, customerOrganization, pro, None)).SubscriptionId;
        var started = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromDays(1));
        var now = host.Clock.GetUtcNow();
        await Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, basic, None);

        var refusals = await AllAtOnce.RefusalsAsync(Alternating(
            () => Subscriptions.WithdrawScheduledChangeAsync(customerId, customerOrganization, id, None),
            () => Subscriptions.ChangePlanAsync(customerId, customerOrganization, id, team, None)));

        var subscription = await SubscriptionAsync(id);
        // Withdrawn first: the upgrade follows. Upgraded first: it replaced the downgrade, and nothing is left to withdraw.
        Assert.Contains(
            (refusals.Count, string.Join(", ", await AuditedAsync(id, "subscription.downgrade-withdrawn", "subscription.upgraded"))),
            new[] { (Requests - 2, "subscription.downgrade-withdrawn, subscription.upgraded"), (Requests - 1, "subscription.upgraded") });
        Assert.Equal((team, (Guid?)null, (DateTimeOffset?)null), (subscription.PlanId, subscription.PendingPlanId, subscription.PendingPlanAt));
        Assert.Equal(
            [(pro, started, now), (team, now, null)],
            subscription.Terms.OrderBy(t => t.From).Select(t => (t.PlanId, t.From, t.To)));
    }

    /// <summary>The two calls taking turns: each also races its own repeat, as a double click sends it.</summary>
    private static Func<Task>[] Alternating(Func<Task> first, Func<Task> second) =>
        [.. Enumerable.Range(0, Requests).Select(i => i % 2 == 0 ? first : second)];

    private async Task<Subscription> SubscriptionAsync(Guid id)
    {
        await using var db = await CreateDbContextAsync();
        return await db.Subscriptions.AsNoTracking().AcrossOrganizations().Include(s => s.Terms).SingleAsync(s => s.Id == id);
    }

    /// <summary>The audited actions among <paramref name="actions"/> on the subscription, in name order.</summary>
    private async Task<List<string>> AuditedAsync(Guid id, params string[] actions)
    {
        await using var db = await CreateDbContextAsync();
        return await db.AuditEntries.Where(a => a.EntityId == id.ToString() && actions.Contains(a.Action)).Select(a => a.Action).OrderBy(a => a).ToListAsync();
    }

    private Task<TrustVaultDbContext> CreateDbContextAsync() => host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    public sealed class OnSqlite() : ConcurrentSubscriptionChangesTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : ConcurrentSubscriptionChangesTests(DatabaseProvider.PostgreSql);
}
