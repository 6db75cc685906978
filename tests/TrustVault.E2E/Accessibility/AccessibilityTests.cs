using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Accessibility;

/// <summary>
/// Every page of the four areas and the account pages, in light and dark theme at 1440 and 375 px: no critical or
/// serious axe-core violation of WCAG 2.2 AA, and no sideways scrolling on a phone. One browser context per role, logged
/// in once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_visitor_pages_are_accessible_and_fit_a_phone()
    {
        var (_, audit) = await StartAsync();

        await audit.WalkAsync(
        [
            "/", "/catalog", "/catalog/business-intelligence", "/not-found",
            "/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation",
        ]);

        audit.AssertNoFindings();
    }

    [Fact]
    public async Task The_customer_console_is_accessible_and_fits_a_phone()
    {
        var (_, audit) = await StartAsync("customer@trustvault.dev", "Customer#Demo2026");

        await audit.WalkAsync(["/console", "/console/keys", "/console/usage", "/console/runs", "/console/privacy", "/console/billing", "/organization", "/organization/webhooks"]);

        audit.AssertNoFindings();
    }

    [Fact]
    public async Task The_provider_portal_is_accessible_and_fits_a_phone()
    {
        var (site, audit) = await StartAsync("provider@trustvault.dev", "Provider#Demo2026");
        await site.OpenAsync("/portal");
        var listing = await site.Page.Locator("a[href*='portal/listings/']:not([href$='/new'])").First.GetAttributeAsync("href");

        await audit.WalkAsync(["/portal", "/portal/earnings", "/portal/calls", "/portal/alerts", "/portal/listings/new", "/" + listing!.TrimStart('/')]);

        audit.AssertNoFindings();
    }

    [Fact]
    public async Task The_admin_area_is_accessible_and_fits_a_phone()
    {
        var (_, audit) = await StartAsync("admin@trustvault.dev", "Admin#Demo2026");

        await audit.WalkAsync(["/admin", "/admin/listings", "/admin/billing", "/admin/revenue", "/admin/email"]);

        audit.AssertNoFindings();
    }

    [Fact]
    public async Task The_account_pages_and_personal_access_tokens_are_accessible_and_fit_a_phone()
    {
        var (site, audit) = await StartAsync("customer@trustvault.dev", "Customer#Demo2026");

        await audit.WalkAsync(
        [
            "/Account/Manage", "/Account/Manage/Email", "/Account/Manage/ChangePassword",
            "/Account/Manage/TwoFactorAuthentication", "/Account/Manage/Passkeys", "/Account/Manage/PersonalAccessTokens",
            "/Account/Manage/PersonalData", "/Account/Manage/DeletePersonalData",
        ]);

        // A new token's secret and its curl line are the widest text of these pages.
        await site.GoToAsync("/Account/Manage/PersonalAccessTokens");
        await site.Page.GetByTestId("token-name").FillAsync($"audit {Guid.NewGuid():N}");
        await site.Page.GetByTestId("create-token").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("new-token-secret")).ToBeVisibleAsync();
        await audit.CheckAsync($"/Account/Manage/PersonalAccessTokens with a new token (dark, {PageAudit.Phone.Width} px)");

        audit.AssertNoFindings();
        // The account pages' layout once lacked a component MudBlazor looks for, and the app logged an error on each.
        Assert.DoesNotContain("MudPopoverProvider", browser.App.Log, StringComparison.Ordinal);
    }

    private async Task<(Site Site, PageAudit Audit)> StartAsync(string? email = null, string? password = null)
    {
        var page = await browser.NewPageAsync(PageAudit.Desktop.Width, PageAudit.Desktop.Height, bypassContentSecurityPolicy: true);
        var site = new Site(page, "a11y");
        if (email is not null)
        {
            await site.LogInAsync(email, password!);
        }

        return (site, new PageAudit(page, browser.App.BaseAddress));
    }
}
