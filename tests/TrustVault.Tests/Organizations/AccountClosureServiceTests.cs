using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Gateway;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Organizations;

public sealed class AccountClosureServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();
    private PublishedListing tides = default!;

    private OrganizationService Organizations => host.Get<OrganizationService>();
    private AccountClosureService Closure => host.Get<AccountClosureService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(
            new PlanInput { Name = "Free", IncludedCallsPerMonth = 1_000 },
            new PlanInput { Name = "Pro", MonthlyPrice = 20m, IncludedCallsPerMonth = 10_000 },
            new PlanInput { Name = "Pro trial", MonthlyPrice = 20m, IncludedCallsPerMonth = 10_000, TrialDays = 14 });
    }

    public Task DisposeAsync() => host.DisposeAsync();

    private static string AcceptUrl(string token) => $"https://trustvault.test/organization/invitations/{token}";

    [Fact]
    public async Task An_organization_left_without_members_stops_serving_its_keys_and_subscriptions_and_its_invitations_close()
    {
        var frank = await host.AddUserAsync("frank@example.com");
        var team = await Organizations.CreateAsync(frank.Id, "Frank Co", CancellationToken.None);
        await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[0]);
        var key = await host.Get<ApiKeyService>().CreateAsync(frank.Id, team, "production", null, false, CancellationToken.None);
        var invitation = await Organizations.InviteAsync(frank.Id, team, "bob@example.com", OrganizationRole.Owner, AcceptUrl, CancellationToken.None);
        var bob = await host.AddUserAsync("bob@example.com");
        var gateway = host.Get<GatewayAccessResolver>();
        Assert.Null((await gateway.ResolveAsync(key.Secret, "tides", CancellationToken.None)).Refusal);

        await Closure.CloseOrganizationsLeftEmptyAsync(frank.Id, CancellationToken.None);

        Assert.Equal(AccessRefusal.InvalidKey, (await gateway.ResolveAsync(key.Secret, "tides", CancellationToken.None)).Refusal);
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var subscription = await db.Subscriptions.ForOrganization(team).SingleAsync();
        Assert.False(subscription.IsLiveAt(host.Clock.GetUtcNow()));
        await Assert.ThrowsAnyAsync<TrustVaultException>(() => Organizations.AcceptInvitationAsync(bob.Id, invitation.Token, CancellationToken.None));
    }

    [Fact]
    public async Task The_last_administrator_who_can_sign_in_cannot_delete_their_account_until_another_can()
    {
        var root = await host.AddAdminAsync("root@example.com");

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseOrganizationsLeftEmptyAsync(root, CancellationToken.None));

        Assert.Contains("last administrator", refused.Message, StringComparison.Ordinal);
        var second = await host.AddAdminAsync("second@example.com");
        await host.Get<UserAdministrationService>().LockAsync(root, second, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseOrganizationsLeftEmptyAsync(root, CancellationToken.None));
        await host.Get<UserAdministrationService>().UnlockAsync(root, second, CancellationToken.None);
        await Closure.CloseOrganizationsLeftEmptyAsync(root, CancellationToken.None);
    }

    [Fact]
    public async Task An_organization_with_other_members_keeps_running()
    {
        var frank = await host.AddUserAsync("frank@example.com");
        var team = await Organizations.CreateAsync(frank.Id, "Frank Co", CancellationToken.None);
        var ada = await host.AddUserAsync("ada@example.com");
        await host.AddMemberAsync(team, ada.Id);
        await host.Get<ApiKeyService>().CreateAsync(frank.Id, team, "production", null, false, CancellationToken.None);

        await Closure.CloseOrganizationsLeftEmptyAsync(frank.Id, CancellationToken.None);

        Assert.True(Assert.Single(await host.Get<ApiKeyService>().ListAsync(ada.Id, team, CancellationToken.None)).IsUsable);
    }

    [Fact]
    public async Task A_provider_alone_with_an_api_in_the_catalog_is_told_to_hand_it_over_first_and_nothing_closes()
    {
        await host.Get<ApiKeyService>().CreateAsync(tides.ProviderId, tides.ProviderOrganizationId, "ops", null, false, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(
            () => Closure.CloseOrganizationsLeftEmptyAsync(tides.ProviderId, CancellationToken.None));

        Assert.Contains("Tides", refused.Message, StringComparison.Ordinal);
        Assert.True(Assert.Single(await host.Get<ApiKeyService>().ListAsync(tides.ProviderId, tides.ProviderOrganizationId, CancellationToken.None)).IsUsable);
    }

    [Fact]
    public async Task A_paid_subscription_holds_the_account_until_it_has_ended_and_its_final_invoice_is_paid()
    {
        var frank = await host.AddUserAsync("frank@example.com");
        var team = await Organizations.CreateAsync(frank.Id, "Frank Co", CancellationToken.None);
        await host.Get<BillingService>().SaveTestCardAsync(frank.Id, team, new TestCard("4242 4242 4242 4242", 12, 2030, "123"), CancellationToken.None);
        var subscription = await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[1]);

        var running = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseOrganizationsLeftEmptyAsync(frank.Id, CancellationToken.None));
        await host.Get<SubscriptionService>().CancelAsync(frank.Id, team, subscription, CancellationToken.None);
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        var uninvoiced = await Assert.ThrowsAsync<InvalidInputException>(() => Closure.CloseOrganizationsLeftEmptyAsync(frank.Id, CancellationToken.None));

        Assert.Contains("Frank Co: its paid subscriptions to Tides still run", running.Message, StringComparison.Ordinal);
        Assert.Contains("Frank Co: its final invoice, for November 2026, is issued on 1 December 2026: you can delete your account after it is paid", uninvoiced.Message, StringComparison.Ordinal);
        await host.Get<InvoicingService>().RunAsync(BillingPeriod.MonthOf(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);
        await Closure.CloseOrganizationsLeftEmptyAsync(frank.Id, CancellationToken.None);
    }

    [Fact]
    public async Task A_paid_plan_canceled_in_its_trial_holds_no_account_while_the_trial_runs()
    {
        var grace = await host.AddUserAsync("grace@example.com");
        var team = await Organizations.CreateAsync(grace.Id, "Grace Co", CancellationToken.None);
        var subscription = await host.SubscribeAsync(team, tides.ListingId, tides.PlanIds[2]);
        await host.Get<SubscriptionService>().CancelAsync(grace.Id, team, subscription, CancellationToken.None);

        await Closure.CloseOrganizationsLeftEmptyAsync(grace.Id, CancellationToken.None);

        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        Assert.False((await db.Subscriptions.ForOrganization(team).SingleAsync()).IsLiveAt(host.Clock.GetUtcNow()));
    }
}
