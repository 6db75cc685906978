using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Gateway;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Organizations;

public sealed class OrganizationClosureServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private PublishedListing tides = default!;

    private OrganizationService Organizations => host.Get<OrganizationService>();
    private OrganizationClosureService Closure => host.Get<OrganizationClosureService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(
            new PlanInput { Name = "Free", IncludedCallsPerMonth = 1_000 },
            new PlanInput { Name = "Pro", MonthlyPrice = 20m, IncludedCallsPerMonth = 10_000 },
            new PlanInput { Name = "Pro trial", MonthlyPrice = 20m, IncludedCallsPerMonth = 10_000, TrialDays = 14 });
    }

    public Task DisposeAsync() => host.DisposeAsync();

    /// <summary>A new user with a personal organization and a team of their own, which they work in.</summary>
    private async Task<(string UserId, Guid Personal, Guid Team)> OwnerAloneAsync(string email)
    {
        var user = await host.AddUserAsync(email);
        var personal = await Organizations.EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        var team = await Organizations.CreateAsync(user.Id, "Solo Co", CancellationToken.None);
        await Organizations.SwitchAsync(user.Id, team, CancellationToken.None);
        return (user.Id, personal, team);
    }

    [Fact]
    public async Task The_only_owner_closes_an_empty_team_which_leaves_their_switcher_stops_its_keys_and_keeps_its_records()
    {
        var (owner, personal, team) = await OwnerAloneAsync("solo@example.com");
        await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[0]);
        var key = await host.Get<ApiKeyService>().CreateAsync(owner, team, "production", null, false, CancellationToken.None);
        var gateway = host.Get<GatewayAccessResolver>();
        Assert.Null((await gateway.ResolveAsync(key.Secret, "tides", CancellationToken.None)).Refusal);

        await Closure.CloseAsync(owner, team, CancellationToken.None);

        Assert.Equal(AccessRefusal.InvalidKey, (await gateway.ResolveAsync(key.Secret, "tides", CancellationToken.None)).Refusal);
        Assert.Equal([personal], (await Organizations.ListForUserAsync(owner, CancellationToken.None)).Select(m => m.OrganizationId));
        Assert.Equal(personal, (await Organizations.GetCurrentAsync(owner, CancellationToken.None))!.OrganizationId);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Organizations.AnyAsync(o => o.Id == team));
        Assert.False((await db.Subscriptions.ForOrganization(team).SingleAsync()).IsLiveAt(host.Clock.GetUtcNow()));
        var audit = await db.AuditEntries.SingleAsync(e => e.OrganizationId == team && e.Action == "organization.closed");
        Assert.Equal(owner, audit.ActorUserId);
    }

    [Fact]
    public async Task The_personal_organization_is_never_closed()
    {
        var (owner, personal, _) = await OwnerAloneAsync("personal@example.com");

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseAsync(owner, personal, CancellationToken.None));

        Assert.Equal(OrganizationClosureService.PersonalOrganizationRefusal, refused.Message);
        Assert.Equal(2, (await Organizations.ListForUserAsync(owner, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_team_with_other_members_is_not_closed_and_only_an_owner_may_try()
    {
        var (owner, _, team) = await OwnerAloneAsync("crowded@example.com");
        var developer = await host.AddUserAsync("crowded-dev@example.com");
        await host.AddMemberAsync(team, developer.Id);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseAsync(owner, team, CancellationToken.None));
        await Assert.ThrowsAsync<ForbiddenException>(() => Closure.CloseAsync(developer.Id, team, CancellationToken.None));

        Assert.Contains("1 other member", refused.Message, StringComparison.Ordinal);
        Assert.Contains(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);
    }

    [Fact]
    public async Task A_running_paid_subscription_and_an_unpaid_invoice_are_named_and_nothing_closes()
    {
        var (owner, _, team) = await OwnerAloneAsync("owing@example.com");
        await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[1]);
        var key = await host.Get<ApiKeyService>().CreateAsync(owner, team, "production", null, false, CancellationToken.None);
        await host.AddInvoiceAsync(team, 42, InvoiceStatus.PaymentFailed);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseAsync(owner, team, CancellationToken.None));

        Assert.Contains("paid subscriptions to Tides", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Invoice.FormatNumber(2026, 42), refused.Message, StringComparison.Ordinal);
        Assert.Contains(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);
        Assert.True(Assert.Single(await host.Get<ApiKeyService>().ListAsync(owner, team, CancellationToken.None)).IsUsable);
    }

    [Fact]
    public async Task A_canceled_paid_subscription_holds_the_close_until_its_final_invoice_is_issued_and_paid()
    {
        var (owner, _, team) = await OwnerAloneAsync("final@example.com");
        await host.Get<BillingService>().SaveTestCardAsync(owner, team, new TestCard("4242 4242 4242 4242", 12, 2030, "123"), CancellationToken.None);
        var subscription = await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[1]);
        await host.Get<SubscriptionService>().CancelAsync(owner, team, subscription, CancellationToken.None);
        // The subscription ended with November; the monthly invoicing has not run yet.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseAsync(owner, team, CancellationToken.None));

        Assert.Contains("its final invoice, for November 2026, is issued on 1 December 2026: you can close it after it is paid", refused.Message, StringComparison.Ordinal);
        Assert.Contains(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);

        await host.Get<InvoicingService>().RunAsync(BillingPeriod.MonthOf(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);
        await Closure.CloseAsync(owner, team, CancellationToken.None);

        Assert.DoesNotContain(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);
    }

    [Fact]
    public async Task A_paid_plan_canceled_in_its_trial_owes_nothing_and_holds_no_close_while_the_trial_runs()
    {
        var (owner, _, team) = await OwnerAloneAsync("trial@example.com");
        var subscription = await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[2]);
        var endsAt = await host.Get<SubscriptionService>().CancelAsync(owner, team, subscription, CancellationToken.None);
        Assert.True(endsAt > host.Clock.GetUtcNow());

        await Closure.CloseAsync(owner, team, CancellationToken.None);

        Assert.DoesNotContain(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);
    }

    [Fact]
    public async Task A_final_invoice_the_late_monthly_run_has_not_issued_by_the_3rd_is_said_to_come_with_the_next_run()
    {
        var (owner, _, team) = await OwnerAloneAsync("late-run@example.com");
        var subscription = await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[1]);
        await host.Get<SubscriptionService>().CancelAsync(owner, team, subscription, CancellationToken.None);
        // The subscription ended with November; on the 3rd of December its invoice is still not issued.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseAsync(owner, team, CancellationToken.None));

        Assert.Contains(
            "its final invoice, for November 2026, was due on 1 December 2026 and is issued by the next invoicing run: you can close it after it is paid",
            refused.Message, StringComparison.Ordinal);
    }
}
