using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Billing;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Gateway;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Billing;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Console;
using TrustVault.Web.Components.Shared;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Subscriptions;

/// <summary>
/// The console's subscriptions and billing pages offer a member only what the services let its role do: cancelling,
/// paid plans and cards are an Owner's or a Billing member's; and what the console says of the quota.
/// </summary>
public sealed class ConsolePagesByRoleTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public ConsolePagesByRoleTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton(host.Get<SubscriptionService>());
        Services.AddSingleton(host.Get<BillingService>());
        Services.AddSingleton(host.Get<UsageService>());
        Services.AddSingleton(host.Get<IQuotaReservations>());
        Services.AddSingleton(host.Get<QuotaForecastService>());
        Services.AddSingleton(host.Get<CatalogService>());
        Services.AddSingleton(host.Get<TrustVault.Core.Catalog.Health.ListingHealthService>());
        Services.AddSingleton(host.Get<TrustVault.Core.Reviews.ReviewService>());
        Services.AddSingleton(host.Get<Microsoft.Extensions.Options.IOptions<UsageRetentionOptions>>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, false)]
    [InlineData(OrganizationRole.Billing, true)]
    public async Task Cancelling_and_paid_plans_are_offered_to_buyers_only(OrganizationRole role, bool offered)
    {
        var (member, _) = await MemberOfSubscriberAsync(role, new PlanInput { Name = "Pro", MonthlyPrice = 30m });

        var page = RenderAs<ConsoleIndex>(member);

        await page.WaitForAssertionAsync(() => Assert.Contains("Tides", page.Markup, StringComparison.Ordinal));
        Assert.Equal(offered, page.FindAll("[data-testid=cancel-subscription]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=change-plan]").Count == 1);
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, false)]
    [InlineData(OrganizationRole.Billing, true)]
    public async Task The_card_is_managed_by_buyers_only(OrganizationRole role, bool offered)
    {
        var (member, _) = await MemberOfSubscriberAsync(role, new PlanInput { Name = "Basic", MonthlyPrice = 5m });

        var page = RenderAs<ConsoleBilling>(member);

        await page.WaitForAssertionAsync(() => Assert.Single(page.FindAll("[data-testid=card-on-file]")));
        Assert.Equal(offered, page.FindAll("[data-testid=replace-card]").Count == 1);
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, false)]
    [InlineData(OrganizationRole.Billing, true)]
    public async Task The_catalog_page_offers_moving_off_a_paid_plan_to_buyers_only(OrganizationRole role, bool offered)
    {
        var (member, subscription) = await MemberOfSubscriberAsync(role, new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        string slug;
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            slug = await db.Subscriptions.AcrossOrganizations().Where(s => s.Id == subscription).Select(s => s.Listing!.Slug).SingleAsync();
        }

        var page = RenderAs<TrustVault.Web.Components.Pages.Catalog.ListingDetails>(member, parameters => parameters.Add(p => p.Slug, slug));

        await page.WaitForAssertionAsync(() => Assert.Contains("Free", page.Markup, StringComparison.Ordinal));
        Assert.Equal(offered, page.FindAll("[data-testid=switch-plan]").Count == 1);
        Assert.Equal(!offered, page.FindAll("[data-testid=buyers-only]").Count == 1);
    }

    [Theory]
    [InlineData(21, false)]
    [InlineData(22, true)]
    public async Task The_quota_banner_shows_from_the_alerts_85_percent_not_before(int calls, bool shown)
    {
        // 85% of 25 is 21.25: the 22nd call reaches it, as the e-mail alert counts.
        var (member, subscription) = await MemberOfSubscriberAsync(OrganizationRole.Developer, new PlanInput { Name = "Small", MonthlyPrice = 5m, IncludedCallsPerMonth = 25 });
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            var organizationId = await db.Subscriptions.AcrossOrganizations().Where(s => s.Id == subscription).Select(s => s.OrganizationId).SingleAsync();
            db.UsageEvents.AddRange(Enumerable.Range(0, calls).Select(_ => new UsageEvent
            {
                RequestId = Guid.NewGuid().ToString("N"),
                At = host.Clock.GetUtcNow(),
                OrganizationId = organizationId,
                SubscriptionId = subscription,
                ApiKeyId = Guid.NewGuid(),
                Method = "GET",
                Route = "/tides",
                Status = 200,
            }));
            await db.SaveChangesAsync();
        }

        var page = RenderAs<ConsoleIndex>(member);

        await page.WaitForAssertionAsync(() => Assert.Contains("Tides", page.Markup, StringComparison.Ordinal));
        Assert.Equal(shown, page.FindAll("[data-testid=quota-banner]").Count == 1);
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, false)]
    [InlineData(OrganizationRole.Billing, true)]
    public async Task Keeping_the_plan_instead_of_a_scheduled_downgrade_is_offered_to_buyers_only(OrganizationRole role, bool offered)
    {
        var (member, subscription) = await MemberOfSubscriberAsync(role, new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        var (organizationId, free) = await OrganizationAndFreePlanAsync(subscription);
        var buyer = await OwnerOfAsync(organizationId);
        await host.Get<SubscriptionService>().ChangePlanAsync(buyer, organizationId, subscription, free, CancellationToken.None);

        var page = RenderAs<ConsoleIndex>(member);

        page.WaitForAssertion(() => Assert.Contains("moves to Free", page.Find("[data-testid=subscription-moves]").TextContent, StringComparison.Ordinal));
        Assert.Equal(offered ? "Keep Pro" : null, page.FindAll("[data-testid=withdraw-scheduled-change]").SingleOrDefault()?.TextContent.Trim());
    }

    [Fact]
    public async Task A_buyer_keeps_a_canceled_subscription_from_the_console()
    {
        var (member, subscription) = await MemberOfSubscriberAsync(OrganizationRole.Billing, new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        var (organizationId, _) = await OrganizationAndFreePlanAsync(subscription);
        await host.Get<SubscriptionService>().CancelAsync(member, organizationId, subscription, CancellationToken.None);
        var page = RenderAs<ConsoleIndex>(member);
        var dialogs = Render<MudDialogProvider>();
        var snackbars = Render<MudSnackbarProvider>();
        page.WaitForElement("[data-testid=subscription-ends]");
        Assert.Empty(page.FindAll("[data-testid=cancel-subscription]"));

        page.Find("[data-testid=withdraw-scheduled-change]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(
            "Tides stays on the Pro plan. It no longer ends on", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        // Keeping the subscription takes nothing away: its button is not the destructive red one.
        Assert.Contains("mud-button-filled-primary", dialogs.Find("[data-testid=confirm-ok]").ClassList);
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=cancel-subscription]")));
        Assert.Empty(page.FindAll("[data-testid=subscription-ends]"));
        Assert.Empty(page.FindAll("[data-testid=withdraw-scheduled-change]"));
        snackbars.WaitForAssertion(() => Assert.Contains("Tides stays on Pro.", snackbars.Markup, StringComparison.Ordinal));
        var kept = Assert.Single(await host.Get<SubscriptionService>().ListAsync(member, organizationId, CancellationToken.None));
        Assert.Null(kept.CancelsAt);
    }

    [Fact]
    public async Task A_subscription_canceled_after_a_downgrade_only_ends_and_keeping_it_keeps_its_plan()
    {
        var (member, subscription) = await MemberOfSubscriberAsync(OrganizationRole.Billing, new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        var (organizationId, free) = await OrganizationAndFreePlanAsync(subscription);
        await host.Get<SubscriptionService>().ChangePlanAsync(member, organizationId, subscription, free, CancellationToken.None);
        await host.Get<SubscriptionService>().CancelAsync(member, organizationId, subscription, CancellationToken.None);
        var page = RenderAs<ConsoleIndex>(member);
        var dialogs = Render<MudDialogProvider>();

        page.WaitForElement("[data-testid=subscription-ends]");
        Assert.Empty(page.FindAll("[data-testid=subscription-moves]"));
        Assert.Equal("Keep subscription", page.Find("[data-testid=withdraw-scheduled-change]").TextContent.Trim());
        page.Find("[data-testid=withdraw-scheduled-change]").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("moves to", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=cancel-subscription]")));
        Assert.Empty(page.FindAll("[data-testid=subscription-ends]"));
        Assert.Empty(page.FindAll("[data-testid=subscription-moves]"));
        Assert.Contains("Pro · $30.00/month", page.Find("[data-testid=subscription]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_downgrade_during_a_trial_reads_as_moving_when_the_trial_ends()
    {
        var (member, subscription) = await MemberOfSubscriberAsync(OrganizationRole.Billing, new PlanInput { Name = "Pro", MonthlyPrice = 30m, TrialDays = 14 });
        var (organizationId, free) = await OrganizationAndFreePlanAsync(subscription);
        await host.Get<SubscriptionService>().ChangePlanAsync(member, organizationId, subscription, free, CancellationToken.None);
        var trialEnd = host.Clock.GetUtcNow().AddDays(14);

        var page = RenderAs<ConsoleIndex>(member);

        page.WaitForAssertion(() => Assert.Equal(
            $"· moves to Free on {DateFormat.Day(trialEnd)}", page.Find("[data-testid=subscription-moves]").TextContent.Trim()));
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, "A payment failed. An Owner or a Billing member can pay the open invoice on Billing")]
    [InlineData(OrganizationRole.Billing, "A payment failed. Pay the open invoice on Billing")]
    public async Task The_failed_payment_banner_asks_to_pay_only_those_who_may(OrganizationRole role, string says)
    {
        var (member, subscription) = await MemberOfSubscriberAsync(role, new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Subscriptions.AcrossOrganizations().Where(s => s.Id == subscription)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, SubscriptionStatus.PastDue));
        }

        var page = RenderAs<ConsoleIndex>(member);

        page.WaitForAssertion(() => Assert.StartsWith(says, page.Find("[data-testid=past-due-banner]").TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscription_canceled_after_another_tab_switched_organization_stays_on_the_console_of_its_organization()
    {
        var (member, subscription) = await MemberOfSubscriberAsync(OrganizationRole.Billing, new PlanInput { Name = "Pro", MonthlyPrice = 30m });
        var (organizationId, _) = await OrganizationAndFreePlanAsync(subscription);
        var page = RenderAs<ConsoleIndex>(member);
        var dialogs = Render<MudDialogProvider>();
        page.WaitForElement("[data-testid=cancel-subscription]");

        // Another tab of the same user switches to an organization with no subscriptions.
        var organizations = host.Get<OrganizationService>();
        await organizations.SwitchAsync(member, await organizations.CreateAsync(member, "Other", CancellationToken.None), CancellationToken.None);
        page.Find("[data-testid=cancel-subscription]").Click();
        dialogs.WaitForElement("[data-testid=confirm-ok]").Click();

        page.WaitForElement("[data-testid=subscription-ends]");
        Assert.Equal("Team", page.Find("h1 + p").TextContent.Trim());
        Assert.NotNull(Assert.Single(await host.Get<SubscriptionService>().ListAsync(member, organizationId, CancellationToken.None)).CancelsAt);
    }

    private async Task<(Guid OrganizationId, Guid FreePlan)> OrganizationAndFreePlanAsync(Guid subscription)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var row = await db.Subscriptions.AcrossOrganizations().Where(s => s.Id == subscription).Select(s => new { s.OrganizationId, s.ListingId }).SingleAsync();
        return (row.OrganizationId, await db.Plans.Where(p => p.ListingId == row.ListingId && p.Name == "Free").Select(p => p.Id).SingleAsync());
    }

    private async Task<string> OwnerOfAsync(Guid organizationId)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.OrganizationMembers.ForOrganization(organizationId).Where(m => m.Role == OrganizationRole.Owner).Select(m => m.UserId).SingleAsync();
    }

    /// <summary>
    /// A member with <paramref name="role"/> of an organization that pays for <paramref name="plan"/> of a new listing and
    /// has a card; and the subscription.
    /// </summary>
    private async Task<(string Member, Guid Subscription)> MemberOfSubscriberAsync(OrganizationRole role, PlanInput plan)
    {
        var prefix = $"{role}-{Guid.NewGuid():N}";
        var listings = host.Get<ListingService>();
        var (providerId, providerOrganization) = await host.AddProviderAsync($"{prefix}-provider@example.com");
        var listingId = await listings.CreateAsync(providerId, providerOrganization, new ListingInput
        {
            Name = "Tides",
            Slug = $"tides-{prefix}"[..30].ToLowerInvariant(),
            Summary = "Tides",
            Category = "Weather",
            UpstreamBaseUrl = "https://tides.example.com",
        }, CancellationToken.None);
        await listings.AddPlanAsync(providerId, providerOrganization, listingId, plan, CancellationToken.None);
        await listings.AddPlanAsync(providerId, providerOrganization, listingId, new PlanInput { Name = "Free" }, CancellationToken.None);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            await db.Listings.Where(l => l.Id == listingId).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.Published));
        }

        var owner = (await host.AddUserAsync($"{prefix}-owner@example.com")).Id;
        var organizations = host.Get<OrganizationService>();
        var team = await organizations.CreateAsync(owner, "Team", CancellationToken.None);
        await host.Get<BillingService>().SaveTestCardAsync(owner, team, TestCards.Visa, CancellationToken.None);
        var paid = (await listings.GetAsync(providerId, providerOrganization, listingId, CancellationToken.None)).Plans.Single(p => p.Name == plan.Name);
        var subscription = await host.SubscribeAsync(team, listingId, paid.Id);
        var member = (await host.AddUserAsync($"{prefix}-member@example.com")).Id;
        var invitation = await organizations.InviteAsync(owner, team, $"{prefix}-member@example.com", role, t => t, CancellationToken.None);
        await organizations.AcceptInvitationAsync(member, invitation.Token, CancellationToken.None);
        await organizations.SwitchAsync(member, team, CancellationToken.None);
        return (member, subscription);
    }
}
