using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Anomalies;
using TrustVault.Core.Data;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Portal;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// The provider portal offers a member only what the services let its role do: a Billing member sees the listings,
/// their figures and alerts, but no means to create or change a listing or to acknowledge an alert.
/// </summary>
public sealed class PortalPagesByRoleTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public PortalPagesByRoleTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton(host.Get<ListingService>());
        Services.AddSingleton(host.Get<ListingAlertService>());
        Services.AddSingleton(host.Get<UsageService>());
        Services.AddSingleton(new MarkdownRenderer());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, true)]
    [InlineData(OrganizationRole.Billing, false)]
    public async Task The_portal_offers_a_new_listing_to_editors_only(OrganizationRole role, bool offered)
    {
        var (member, _) = await MemberOfProviderAsync(role);

        var page = RenderAs<PortalIndex>(member);

        page.WaitForAssertion(() => Assert.Contains("Tides", page.Find("[data-testid=provider-listings]").TextContent, StringComparison.Ordinal));
        Assert.Equal(offered, page.FindAll("[data-testid=new-listing]").Count == 1);
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, true)]
    [InlineData(OrganizationRole.Billing, false)]
    public async Task The_new_listing_form_is_for_editors_only(OrganizationRole role, bool offered)
    {
        var (member, _) = await MemberOfProviderAsync(role);

        var page = RenderAs<ListingEditor>(member);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=listing-save], [data-testid=read-only-note]")));
        Assert.Equal(offered, page.FindAll("[data-testid=listing-save]").Count == 1);
        Assert.Equal(!offered, page.FindAll("[data-testid=read-only-note]").Count == 1);
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, true)]
    [InlineData(OrganizationRole.Billing, false)]
    public async Task The_listing_editor_offers_changes_to_editors_only(OrganizationRole role, bool offered)
    {
        var (member, listingId) = await MemberOfProviderAsync(role);

        var page = RenderAs<ListingEditor>(member, p => p.Add(e => e.Id, listingId));

        page.WaitForAssertion(() => Assert.Contains("Tides", page.Find("h1").TextContent, StringComparison.Ordinal));
        Assert.Equal(!offered, page.FindAll("[data-testid=read-only-note]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=listing-save]").Count == 1);
        Assert.Equal(offered, page.FindAll("input:not([readonly]), textarea:not([readonly])").Count > 0);

        ShowTab(page, "API definition");
        page.WaitForAssertion(() => Assert.Contains("Endpoints (0)", page.Markup, StringComparison.Ordinal));
        Assert.Equal(offered, page.FindAll("[data-testid=openapi-import]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=openapi-upload]").Count == 1);

        ShowTab(page, "Plans");
        page.WaitForAssertion(() => Assert.Contains("Free", page.Find("[data-testid=plans-table]").TextContent, StringComparison.Ordinal));
        Assert.Equal(offered, page.FindAll("[data-testid=plan-save]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=plans-table] button").Count > 0);

        ShowTab(page, "Review & publish");
        page.WaitForElement("[data-testid=signing-secret]");
        Assert.Equal(offered, page.FindAll("[data-testid=submit-review]").Count == 1);
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, true)]
    [InlineData(OrganizationRole.Billing, false)]
    public async Task Alerts_are_acknowledged_by_the_roles_the_service_lets(OrganizationRole role, bool offered)
    {
        var (member, listingId) = await MemberOfProviderAsync(role);
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            var organizationId = await db.Listings.AcrossOrganizations().Where(l => l.Id == listingId).Select(l => l.OrganizationId).SingleAsync();
            db.ListingAlerts.Add(new ListingAlert
            {
                OrganizationId = organizationId,
                ListingId = listingId,
                Metric = ListingMetric.ServerErrorRate,
                IntervalStart = host.Clock.GetUtcNow().AddHours(-1),
                Value = 0.5,
                Expected = 0.01,
                Score = 9,
                Threshold = 4,
                CreatedAt = host.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        var page = RenderAs<ListingAlerts>(member);

        page.WaitForElement("[data-testid=alert-metric]");
        Assert.Equal(offered, page.FindAll("[data-testid=alert-acknowledge]").Count == 1);
    }

    /// <summary>A member with <paramref name="role"/> of a new provider team with a draft listing "Tides" and its Free plan; and the listing.</summary>
    [Theory]
    [InlineData(OrganizationRole.Owner, true)]
    [InlineData(OrganizationRole.Developer, false)]
    [InlineData(OrganizationRole.Billing, false)]
    public async Task The_payout_account_is_changed_by_owners_only(OrganizationRole role, bool offered)
    {
        var (member, _) = await MemberOfProviderAsync(role);
        // Payout accounts are a Stripe matter: with a live key the page offers the field, where test mode has a ledger.
        const string liveKey = "sk_live_portal_pages";
        var stripe = new TrustVault.Core.Billing.Stripe.StripePaymentProvider(
            new Stripe.StripeClient(liveKey), host.Get<IDbContextFactory<TrustVaultDbContext>>(),
            Microsoft.Extensions.Options.Options.Create(new TrustVault.Core.Billing.Stripe.StripeOptions { SecretKey = liveKey }));
        Services.AddSingleton(new TrustVault.Core.Billing.BillingService(
            host.Get<IDbContextFactory<TrustVaultDbContext>>(), stripe, host.Get<TrustVault.Core.Billing.InvoicingService>(), host.Clock));
        Services.AddSingleton(host.Get<TrustVault.Core.Billing.EarningsService>());

        var page = RenderAs<ProviderEarnings>(member);

        page.WaitForElement("[data-testid=payout-account]");
        Assert.Equal(offered, page.FindAll("[data-testid=save-payout-account]").Count == 1);
        Assert.Equal(!offered, page.FindAll("[data-testid=payout-account-read-only]").Count == 1);
    }

    [Fact]
    public async Task Terms_accepted_after_another_tab_switched_organization_open_the_portal_of_the_organization_the_page_shows()
    {
        var organizations = host.Get<OrganizationService>();
        var owner = (await host.AddUserAsync($"{Guid.NewGuid():N}-terms@example.com")).Id;
        var shop = await organizations.CreateAsync(owner, "Shop", CancellationToken.None);
        var other = await organizations.CreateAsync(owner, "Other", CancellationToken.None);
        await organizations.SwitchAsync(owner, shop, CancellationToken.None);
        var page = RenderAs<PortalIndex>(owner);
        page.WaitForElement("[data-testid=accept-provider-terms]");

        // Another tab of the same user switches organization.
        await organizations.SwitchAsync(owner, other, CancellationToken.None);
        page.Find("[data-testid=accept-provider-terms]").Click();

        page.WaitForElement("[data-testid=provider-listings]");
        Assert.Empty(page.FindAll("[data-testid=provider-terms]"));
        var memberships = await organizations.ListForUserAsync(owner, CancellationToken.None);
        Assert.True(memberships.Single(m => m.OrganizationId == shop).IsProvider);
        Assert.False(memberships.Single(m => m.OrganizationId == other).IsProvider);
    }

    private async Task<(string Member, Guid Listing)> MemberOfProviderAsync(OrganizationRole role)
    {
        var prefix = $"{role}-{Guid.NewGuid():N}";
        var organizations = host.Get<OrganizationService>();
        var listings = host.Get<ListingService>();
        var owner = (await host.AddUserAsync($"{prefix}-owner@example.com")).Id;
        var provider = await organizations.CreateAsync(owner, "Acme APIs", CancellationToken.None);
        await organizations.AcceptProviderTermsAsync(owner, provider, CancellationToken.None);
        var listingId = await listings.CreateAsync(owner, provider, new ListingInput
        {
            Name = "Tides",
            Slug = $"tides-{prefix}"[..30].ToLowerInvariant(),
            Summary = "Tides",
            Category = "Weather",
            UpstreamBaseUrl = "https://tides.example.com",
        }, CancellationToken.None);
        await listings.AddPlanAsync(owner, provider, listingId, new PlanInput { Name = "Free" }, CancellationToken.None);

        var member = (await host.AddUserAsync($"{prefix}-member@example.com")).Id;
        var invitation = await organizations.InviteAsync(owner, provider, $"{prefix}-member@example.com", role, t => t, CancellationToken.None);
        await organizations.AcceptInvitationAsync(member, invitation.Token, CancellationToken.None);
        await organizations.SwitchAsync(member, provider, CancellationToken.None);
        return (member, listingId);
    }

    private static void ShowTab(IRenderedComponent<ListingEditor> page, string title) =>
        page.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == title).Click();
}
