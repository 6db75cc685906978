using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Organizations;
using TrustVault.Core.Subscriptions;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Layout;
using TrustVault.Web.Components.Pages.Organization;
using TrustVault.Web.Email;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Organizations;

/// <summary>The organization settings page's members over Core's real services.</summary>
public sealed class OrganizationSettingsPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public OrganizationSettingsPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton(host.Get<OrganizationClosureService>());
        Services.AddScoped<CurrentUser>();
        Services.AddSingleton(new EmailLinks(Options.Create(new EmailOptions()), new ListeningServer("http://127.0.0.1:5072")));
    }

    private OrganizationService Organizations => host.Get<OrganizationService>();

    /// <summary>A team of an Owner and a Developer, both new users; the Owner works in it.</summary>
    private async Task<(string Owner, string Developer, Guid Team)> TeamAsync(string prefix)
    {
        var owner = (await host.AddUserAsync($"{prefix}-owner@example.com")).Id;
        var developer = (await host.AddUserAsync($"{prefix}-dev@example.com")).Id;
        var team = await Organizations.CreateAsync(owner, $"{prefix} team", CancellationToken.None);
        await Organizations.SwitchAsync(owner, team, CancellationToken.None);
        var issued = await Organizations.InviteAsync(owner, team, $"{prefix}-dev@example.com", OrganizationRole.Developer, t => t, CancellationToken.None);
        await Organizations.AcceptInvitationAsync(developer, issued.Token, CancellationToken.None);
        return (owner, developer, team);
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<OrganizationSettings> Page) RenderAs(string userId)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(userId);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        return (Render<MudDialogProvider>(), Render<OrganizationSettings>());
    }

    [Fact]
    public async Task An_owner_removes_a_member_after_a_confirmation_naming_what_they_lose()
    {
        var (owner, developer, team) = await TeamAsync("remove");
        var (dialogs, page) = RenderAs(owner);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=member-role]").Count));
        Assert.Single(page.FindAll("[data-testid=member-leave]"));

        page.Find("[data-testid=member-remove]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(
            "remove-dev@example.com loses access to remove team at once", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain("remove-dev@example.com", page.Find("[data-testid=members]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=member-remove]"));
        Assert.DoesNotContain(await Organizations.ListForUserAsync(developer, CancellationToken.None), m => m.OrganizationId == team);
    }

    [Fact]
    public async Task A_developer_sees_roles_as_text_and_may_only_leave()
    {
        var (_, developer, _) = await TeamAsync("leave");
        var (_, page) = RenderAs(developer);

        page.WaitForAssertion(() => Assert.Contains("leave-owner@example.com", page.Find("[data-testid=members]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=member-role]"));
        Assert.Empty(page.FindAll("[data-testid=member-remove]"));
        Assert.Single(page.FindAll("[data-testid=member-leave]"));
        Assert.Contains("Only owners invite members", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_owner_leaving_is_told_why_not_and_stays()
    {
        var (owner, _, team) = await TeamAsync("last");
        var (dialogs, page) = RenderAs(owner);
        var snackbars = Render<MudSnackbarProvider>();

        page.WaitForElement("[data-testid=member-leave]").Click();
        dialogs.WaitForElement("[data-testid=confirm-ok]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains(
            "An organization needs an Owner: make another member an Owner before you leave.", snackbars.Markup, StringComparison.Ordinal));
        Assert.Equal(2, (await Organizations.ListMembersAsync(owner, team, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task The_only_owner_closes_a_team_after_typing_its_name_and_it_leaves_their_organizations()
    {
        var owner = (await host.AddUserAsync("close-owner@example.com")).Id;
        await Organizations.EnsurePersonalOrganizationAsync(owner, CancellationToken.None);
        var team = await Organizations.CreateAsync(owner, "Closing team", CancellationToken.None);
        await Organizations.SwitchAsync(owner, team, CancellationToken.None);
        var (dialogs, page) = RenderAs(owner);

        page.WaitForElement("[data-testid=org-close]").Click();
        dialogs.WaitForAssertion(() => Assert.True(dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled")));
        dialogs.Find("input[data-testid=confirm-typed], [data-testid=confirm-typed] input").Input("Closing team");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled")));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("/console", navigation.Uri, StringComparison.Ordinal));
        Assert.DoesNotContain(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);
    }

    [Fact]
    public async Task Closing_before_the_final_invoice_is_issued_is_refused_with_its_date_and_the_team_stays()
    {
        var owner = (await host.AddUserAsync("final-owner@example.com")).Id;
        await Organizations.EnsurePersonalOrganizationAsync(owner, CancellationToken.None);
        var team = await Organizations.CreateAsync(owner, "Final team", CancellationToken.None);
        await Organizations.SwitchAsync(owner, team, CancellationToken.None);
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Pro", MonthlyPrice = 20m, IncludedCallsPerMonth = 10_000 });
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            // Canceled in October, so it ended as November began: the host's clock is a few hours into it, before the monthly invoicing.
            var october = BillingPeriod.MonthOf(host.Clock.GetUtcNow().AddMonths(-1));
            var subscription = Subscription.Start(team, await db.Plans.SingleAsync(p => p.Id == tides.PlanIds[0]), october.Start, SubscriptionStatus.Active);
            subscription.CancelsAt = october.End;
            db.Subscriptions.Add(subscription);
            await db.SaveChangesAsync();
        }

        var (dialogs, page) = RenderAs(owner);
        var snackbars = Render<MudSnackbarProvider>();

        page.WaitForElement("[data-testid=org-close]").Click();
        dialogs.WaitForElement("input[data-testid=confirm-typed], [data-testid=confirm-typed] input").Input("Final team");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled")));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains(
            "Final team cannot be closed yet: its final invoice, for October 2026, is issued on 1 November 2026: you can close it after it is paid.",
            snackbars.Markup, StringComparison.Ordinal));
        Assert.Contains(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);
    }

    [Fact]
    public async Task A_team_whose_paid_plan_was_canceled_in_its_trial_closes_while_the_trial_runs()
    {
        var owner = (await host.AddUserAsync("trial-owner@example.com")).Id;
        await Organizations.EnsurePersonalOrganizationAsync(owner, CancellationToken.None);
        var team = await Organizations.CreateAsync(owner, "Trial team", CancellationToken.None);
        await Organizations.SwitchAsync(owner, team, CancellationToken.None);
        var reefs = await host.PublishListingAsync("Reefs", new PlanInput { Name = "Pro", MonthlyPrice = 20m, IncludedCallsPerMonth = 10_000, TrialDays = 14 });
        var subscription = await host.SubscribeAsync(team, reefs.ListingId, reefs.PlanIds[0]);
        await host.Get<SubscriptionService>().CancelAsync(owner, team, subscription, CancellationToken.None);
        var (dialogs, page) = RenderAs(owner);

        page.WaitForElement("[data-testid=org-close]").Click();
        dialogs.WaitForElement("input[data-testid=confirm-typed], [data-testid=confirm-typed] input").Input("Trial team");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled")));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("/console", navigation.Uri, StringComparison.Ordinal));
        Assert.DoesNotContain(await Organizations.ListForUserAsync(owner, CancellationToken.None), m => m.OrganizationId == team);
    }

    [Fact]
    public async Task A_personal_organization_offers_no_invitation_form()
    {
        var user = (await host.AddUserAsync("personal-page@example.com")).Id;
        await Organizations.EnsurePersonalOrganizationAsync(user, CancellationToken.None);
        var (_, page) = RenderAs(user);

        page.WaitForElement("[data-testid=invite-personal]");
        Assert.Empty(page.FindAll("[data-testid=invite-email]"));
        Assert.Empty(page.FindAll("[data-testid=invite-send]"));
        Assert.Empty(page.FindAll("[data-testid=member-leave]"));
        Assert.Empty(page.FindAll("[data-testid=org-close]"));
    }

    [Fact]
    public async Task A_new_name_shows_in_the_organization_switcher_at_once()
    {
        var (owner, _, _) = await TeamAsync("rename");
        var (_, page) = RenderAs(owner);
        var switcher = Render<OrganizationSwitcher>();
        switcher.WaitForAssertion(() => Assert.Equal("rename team", switcher.Find("[data-testid=org-name]").TextContent));

        page.WaitForElement("input[data-testid=org-name]").Change("Renamed team");
        page.Find("[data-testid=org-rename]").Click();

        switcher.WaitForAssertion(() => Assert.Equal("Renamed team", switcher.Find("[data-testid=org-name]").TextContent));
    }

    [Fact]
    public async Task An_invitation_sent_after_another_tab_switched_organization_stays_with_the_organization_the_page_shows()
    {
        var owner = (await host.AddUserAsync("tabs-owner@example.com")).Id;
        var globex = await Organizations.CreateAsync(owner, "Globex", CancellationToken.None);
        var hooli = await Organizations.CreateAsync(owner, "Hooli", CancellationToken.None);
        await Organizations.SwitchAsync(owner, globex, CancellationToken.None);
        var (_, page) = RenderAs(owner);
        page.WaitForElement("[data-testid=invite-email]");

        // Another tab of the same user switches organization.
        await Organizations.SwitchAsync(owner, hooli, CancellationToken.None);
        page.Find("input[data-testid=invite-email]").Change("tabs-invitee@example.com");
        page.Find("[data-testid=invite-send]").Click();

        page.WaitForAssertion(() => Assert.Contains("tabs-invitee@example.com", page.Find("[data-testid=invitations]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Globex", page.Find("h1 + p").TextContent.Trim());
        Assert.Contains(await Organizations.ListPendingInvitationsAsync(owner, globex, CancellationToken.None), i => i.Email == "tabs-invitee@example.com");
        Assert.Empty(await Organizations.ListPendingInvitationsAsync(owner, hooli, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_invitation_address_names_its_reason_to_the_field_for_screen_readers()
    {
        var owner = (await host.AddUserAsync("described-owner@example.com")).Id;
        var team = await Organizations.CreateAsync(owner, "Described", CancellationToken.None);
        await Organizations.SwitchAsync(owner, team, CancellationToken.None);
        var (_, page) = RenderAs(owner);
        page.WaitForElement("input[data-testid=invite-email]").Change("not-an-email");

        page.Find("[data-testid=invite-send]").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("input[data-testid=invite-email]").GetAttribute("aria-invalid")));
        var describedBy = page.Find("input[data-testid=invite-email]").GetAttribute("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy), "The refused address's input names no description: a screen reader hears only \"invalid entry\".");
        Assert.Contains("valid e-mail address", page.Find($"[id='{describedBy}']").TextContent, StringComparison.Ordinal);
    }
}
