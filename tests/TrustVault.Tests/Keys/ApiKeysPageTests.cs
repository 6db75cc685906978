using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Console;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Keys;

/// <summary>The console's keys page for each role, over Core's real services.</summary>
public sealed class ApiKeysPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public ApiKeysPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton(host.Get<ApiKeyService>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    private IRenderedComponent<ApiKeys> RenderAs(string userId)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(userId);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        Render<MudPopoverProvider>();
        return Render<ApiKeys>();
    }

    [Theory]
    [InlineData(OrganizationRole.Developer, true)]
    [InlineData(OrganizationRole.Billing, false)]
    public async Task Only_roles_that_may_change_keys_are_offered_to(OrganizationRole role, bool offered)
    {
        var prefix = $"{role}-{Guid.NewGuid():N}";
        var owner = (await host.AddUserAsync($"{prefix}-owner@example.com")).Id;
        var member = (await host.AddUserAsync($"{prefix}-member@example.com")).Id;
        var organizations = host.Get<OrganizationService>();
        var team = await organizations.CreateAsync(owner, $"{role} team", CancellationToken.None);
        await host.Get<ApiKeyService>().CreateAsync(owner, team, "production", null, false, CancellationToken.None);
        var invitation = await organizations.InviteAsync(owner, team, $"{prefix}-member@example.com", role, t => t, CancellationToken.None);
        await organizations.AcceptInvitationAsync(member, invitation.Token, CancellationToken.None);
        await organizations.SwitchAsync(member, team, CancellationToken.None);

        var page = RenderAs(member);

        page.WaitForAssertion(() => Assert.Contains("production", page.Find("[data-testid=keys]").TextContent, StringComparison.Ordinal));
        Assert.Equal(offered, page.FindAll("[data-testid=create-key]").Count == 1);
        Assert.Equal(offered, page.FindAll("[data-testid=revoke-key]").Count == 1);
        Assert.Equal(!offered, page.FindAll("[data-testid=keys-read-only]").Count == 1);
    }

    [Fact]
    public async Task A_key_created_after_another_tab_switched_organization_stays_with_the_organization_the_page_shows()
    {
        var prefix = Guid.NewGuid().ToString("N");
        var user = (await host.AddUserAsync($"{prefix}-tabs@example.com")).Id;
        var organizations = host.Get<OrganizationService>();
        var globex = await organizations.CreateAsync(user, "Globex", CancellationToken.None);
        var hooli = await organizations.CreateAsync(user, "Hooli", CancellationToken.None);
        await host.Get<ApiKeyService>().CreateAsync(user, hooli, "hooli-key", null, false, CancellationToken.None);
        await organizations.SwitchAsync(user, globex, CancellationToken.None);
        var page = RenderAs(user);
        page.WaitForAssertion(() => Assert.Contains("Keys of Globex", page.Markup, StringComparison.Ordinal));

        // Another tab of the same user switches organization.
        await organizations.SwitchAsync(user, hooli, CancellationToken.None);
        page.Find("[data-testid=key-form] input").Change("globex-tab-key");
        page.Find("[data-testid=create-key]").Click();

        page.WaitForElement("[data-testid=new-key-secret]");
        Assert.Contains("Keys of Globex", page.Markup, StringComparison.Ordinal);
        var listed = page.Find("[data-testid=keys]").TextContent;
        Assert.Contains("globex-tab-key", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("hooli-key", listed, StringComparison.Ordinal);
        Assert.Contains(await host.Get<ApiKeyService>().ListAsync(user, globex, CancellationToken.None), k => k.Name == "globex-tab-key");
    }
}
