using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Layout;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Organizations;

/// <summary>The app bar's organization switcher over Core's real services.</summary>
public sealed class OrganizationSwitcherTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public OrganizationSwitcherTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddScoped<CurrentUser>();
    }

    private OrganizationService Organizations => host.Get<OrganizationService>();

    [Fact]
    public async Task Memberships_added_or_removed_elsewhere_show_when_the_menu_opens()
    {
        var user = (await host.AddUserAsync("switcher@example.com")).Id;
        await Organizations.EnsurePersonalOrganizationAsync(user, CancellationToken.None);
        var owner = (await host.AddUserAsync("switcher-owner@example.com")).Id;
        var team = await Organizations.CreateAsync(owner, "Joined elsewhere", CancellationToken.None);
        var authorization = AddAuthorization();
        authorization.SetAuthorized(user);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user));
        var popovers = Render<MudPopoverProvider>();
        var switcher = Render<OrganizationSwitcher>();
        var menu = switcher.WaitForElement("[data-testid=org-switcher-button]");
        menu.Click();
        popovers.WaitForAssertion(() => Assert.Contains("Organization settings", popovers.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Joined elsewhere", popovers.Markup, StringComparison.Ordinal);
        switcher.Find("[data-testid=org-switcher-button]").Click();

        // As an invitation accepted in another tab would, without a word to this circuit.
        await host.AddMemberAsync(team, user);
        switcher.Find("[data-testid=org-switcher-button]").Click();
        popovers.WaitForAssertion(() => Assert.Contains("Joined elsewhere", popovers.Markup, StringComparison.Ordinal));
        switcher.Find("[data-testid=org-switcher-button]").Click();

        await Organizations.RemoveMemberAsync(owner, team, user, CancellationToken.None);
        switcher.Find("[data-testid=org-switcher-button]").Click();
        popovers.WaitForAssertion(() => Assert.DoesNotContain("Joined elsewhere", popovers.Markup, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Enter")]
    [InlineData(" ")]
    public async Task The_switcher_is_a_button_named_by_the_organization_that_Enter_or_Space_opens(string key)
    {
        var user = (await host.AddUserAsync($"switcher-keys-{key.Trim().Length}@example.com")).Id;
        await Organizations.EnsurePersonalOrganizationAsync(user, CancellationToken.None);
        var name = (await Organizations.GetCurrentAsync(user, CancellationToken.None))!.Name;
        var authorization = AddAuthorization();
        authorization.SetAuthorized(user);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user));
        var popovers = Render<MudPopoverProvider>();
        var switcher = Render<OrganizationSwitcher>();

        // The one button of the switcher (app.css takes it out of MudBlazor's display: contents, so Tab reaches it).
        var button = switcher.WaitForElement("[data-testid=org-switcher] > [role=button]");
        Assert.Equal("0", button.GetAttribute("tabindex"));
        Assert.Equal(name, button.TextContent.Trim());
        Assert.Equal("false", button.GetAttribute("aria-expanded"));
        Assert.Empty(button.QuerySelectorAll("button, a, [tabindex]"));

        button.KeyDown(new KeyboardEventArgs { Key = key });

        popovers.WaitForAssertion(() => Assert.Contains("Organization settings", popovers.Markup, StringComparison.Ordinal));
        Assert.Equal("true", switcher.Find("[data-testid=org-switcher] > [role=button]").GetAttribute("aria-expanded"));
    }
}
