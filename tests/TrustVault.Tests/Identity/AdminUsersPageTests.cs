using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Admin;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Identity;

/// <summary>The administrators' user page over Core's real service.</summary>
public sealed class AdminUsersPageTests : MudBunitContext, IClassFixture<CoreTestHost>
{
    private readonly CoreTestHost host;

    public AdminUsersPageTests(CoreTestHost host)
    {
        this.host = host;
        Services.AddSingleton(host.Get<UserAdministrationService>());
        Services.AddSingleton(host.Get<OrganizationService>());
        Services.AddSingleton<TimeProvider>(host.Clock);
        Services.AddScoped<CurrentUser>();
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars, IRenderedComponent<AdminUsers> Page) RenderAs(string userId)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(userId);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        Render<MudPopoverProvider>();
        return (Render<MudDialogProvider>(), Render<MudSnackbarProvider>(), Render<AdminUsers>());
    }

    private static IElement Row(IRenderedComponent<AdminUsers> page, string email) =>
        page.FindAll("[data-testid=users] tbody tr").Single(r => r.QuerySelector("[data-testid=user-email]")?.TextContent == email);

    [Fact]
    public async Task An_admin_sees_the_users_and_locks_one_after_a_confirmation()
    {
        var admin = await host.AddAdminAsync("lock-admin@example.com");
        await host.AddUserAsync("lock-target@example.com");
        var (dialogs, snackbars, page) = RenderAs(admin);
        page.WaitForAssertion(() => Assert.Contains("lock-target@example.com", page.Find("[data-testid=users]").TextContent, StringComparison.Ordinal));
        Assert.NotNull(Row(page, "lock-admin@example.com").QuerySelector("[data-testid=user-admin]"));

        Row(page, "lock-target@example.com").QuerySelector("[data-testid=user-lock]")!.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("refused sign-in", dialogs.Find("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal));
        Assert.Null(Row(page, "lock-target@example.com").QuerySelector("[data-testid=user-locked]"));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForAssertion(() => Assert.NotNull(Row(page, "lock-target@example.com").QuerySelector("[data-testid=user-locked]")));
        snackbars.WaitForAssertion(() => Assert.Contains("lock-target@example.com is locked.", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_the_confirmation_changes_nothing()
    {
        var admin = await host.AddAdminAsync("cancel-admin@example.com");
        await host.AddUserAsync("cancel-target@example.com");
        var (dialogs, _, page) = RenderAs(admin);
        page.WaitForAssertion(() => Assert.Contains("cancel-target@example.com", page.Find("[data-testid=users]").TextContent, StringComparison.Ordinal));

        Row(page, "cancel-target@example.com").QuerySelector("[data-testid=user-grant-admin]")!.Click();
        dialogs.WaitForElement("[data-testid=confirm-cancel]").Click();

        var users = await host.Get<UserAdministrationService>().ListAsync(admin, new UserFilter("cancel-target"), [], 0, 20, CancellationToken.None);
        Assert.False(Assert.Single(users.Items).IsAdmin);
    }

    [Fact]
    public async Task A_refused_action_shows_why()
    {
        var admin = await host.AddAdminAsync("self-admin@example.com");
        var (dialogs, snackbars, page) = RenderAs(admin);
        page.WaitForAssertion(() => Assert.Contains("self-admin@example.com", page.Find("[data-testid=users]").TextContent, StringComparison.Ordinal));

        Row(page, "self-admin@example.com").QuerySelector("[data-testid=user-revoke-admin]")!.Click();
        dialogs.WaitForElement("[data-testid=confirm-ok]").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("You cannot revoke your own administrator role", snackbars.Markup, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.NotNull(Row(page, "self-admin@example.com").QuerySelector("[data-testid=user-admin]")));
    }

    [Fact]
    public async Task A_search_from_a_later_page_starts_on_the_first_page_of_its_matches_and_one_without_shows_the_empty_state()
    {
        // Last in e-mail order, so that the other tests' users stay on the first page.
        var admin = await host.AddAdminAsync("zz-paging-admin@example.com");
        for (var i = 0; i < 45; i++)
        {
            await host.AddUserAsync($"zz-paging{i:D2}@example.com");
        }

        var (_, _, page) = RenderAs(admin);
        var grid = page.FindComponent<MudDataGrid<UserSummary>>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=user-email]")));
        await page.InvokeAsync(() => grid.Instance.NavigateTo(Page.Last));
        page.WaitForAssertion(() => Assert.NotEqual(0, grid.Instance.CurrentPage));

        var search = page.FindComponent<MudTextField<string>>();
        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("zz-paging"));

        // Still three pages of matches: the last of them would be the one shown.
        page.WaitForAssertion(() =>
        {
            Assert.Equal(0, grid.Instance.CurrentPage);
            Assert.Equal("zz-paging-admin@example.com", page.FindAll("[data-testid=user-email]")[0].TextContent);
        });

        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("zz-paging4"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(
                ["zz-paging40@example.com", "zz-paging41@example.com", "zz-paging42@example.com", "zz-paging43@example.com", "zz-paging44@example.com"],
                page.FindAll("[data-testid=user-email]").Select(e => e.TextContent));
        });

        await page.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync("nobody-has-this"));

        page.WaitForElement("[data-testid=users-empty]");
    }
}
