using Bunit;
using TrustVault.Core.Identity;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Layout;

namespace TrustVault.Tests.Layout;

public sealed class NavMenuTests : MudBunitContext
{
    private static readonly string[] SignedInEntries = ["nav-console", "nav-usage", "nav-portal", "nav-organization"];

    [Fact]
    public void Anonymous_visitors_see_only_the_public_entries()
    {
        AddAuthorization();

        var menu = Render<NavMenu>();

        Assert.NotEmpty(menu.FindAll("[data-testid=nav-catalog]"));
        Assert.All(SignedInEntries.Append("nav-admin"), id => Assert.Empty(menu.FindAll($"[data-testid={id}]")));
    }

    [Fact]
    public void Signed_in_customers_see_console_portal_and_organization_but_not_admin()
    {
        AddAuthorization().SetAuthorized("customer@example.com");

        var menu = Render<NavMenu>();

        Assert.All(SignedInEntries.Append("nav-catalog"), id => Assert.NotEmpty(menu.FindAll($"[data-testid={id}]")));
        Assert.Empty(menu.FindAll("[data-testid=nav-admin]"));
        Assert.Empty(menu.FindAll("[data-testid=nav-admin-users]"));
    }

    [Fact]
    public void Admins_also_see_the_admin_entries()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(PlatformRoles.Admin);

        var menu = Render<NavMenu>();

        Assert.NotEmpty(menu.FindAll("[data-testid=nav-admin]"));
        Assert.Equal("/admin", menu.Find("[data-testid=nav-admin]").GetAttribute("href"));
        Assert.Equal("/admin/users", menu.Find("[data-testid=nav-admin-users]").GetAttribute("href"));
    }
}
