using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class AdminJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_demo_admin_opens_the_admin_area_and_the_jobs_dashboard()
    {
        var site = new Site(await browser.NewPageAsync(1280, 800), "admin");

        await site.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");

        await site.OpenAsync("/");
        await site.ScreenshotAsync("home");
        await site.OpenAsync("/admin");
        await Assertions.Expect(site.Page.GetByRole(AriaRole.Heading, new() { Name = "Administration" })).ToBeVisibleAsync();
        await site.ScreenshotAsync("admin");

        await site.Page.GetByTestId("jobs-dashboard-link").ClickAsync();
        await site.Page.WaitForURLAsync(url => url.Contains("/admin/jobs", StringComparison.Ordinal));
        await Assertions.Expect(site.Page.GetByText("TrustVault jobs").First).ToBeVisibleAsync();
        await site.ScreenshotAsync("jobs");
    }

    [Fact]
    public async Task The_theme_toggle_switches_the_page_to_dark_and_keeps_it_after_reload()
    {
        var site = new Site(await browser.NewPageAsync(1280, 800), "theme");
        await site.OpenAsync("/catalog");

        await site.Page.GetByTestId("theme-toggle").ClickAsync();
        await Assertions.Expect(site.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await site.OpenAsync("/catalog");

        await Assertions.Expect(site.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" })).ToBeVisibleAsync();
        await site.ScreenshotAsync("dark-catalog");
    }
}
