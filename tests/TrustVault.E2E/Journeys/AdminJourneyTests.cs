using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class AdminJourneyTests(BrowserFixture browser)
{
    // The colours TrustVaultTheme gives the app bar (light #283593, dark #1A1F3A) and the light page (#F5F6FA), as computed.
    private const string LightAppBar = "rgb(40, 53, 147)";
    private const string DarkAppBar = "rgb(26, 31, 58)";
    private const string LightPage = "rgb(245, 246, 250)";

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
    public async Task The_theme_toggle_switches_the_page_to_dark_keeps_it_after_reload_and_switches_it_back()
    {
        var site = new Site(await browser.NewPageAsync(1280, 800), "theme");
        await site.OpenAsync("/catalog");
        await ExpectLightAsync(site);

        await site.Page.GetByTestId("theme-toggle").ClickAsync();
        await ExpectDarkAsync(site);
        await site.OpenAsync("/catalog");
        await ExpectDarkAsync(site);
        await site.ScreenshotAsync("dark-catalog");

        await site.Page.GetByTestId("theme-toggle").ClickAsync();
        await ExpectLightAsync(site);
    }

    private static async Task ExpectLightAsync(Site site)
    {
        await Assertions.Expect(site.Page.GetByRole(AriaRole.Banner)).ToHaveCSSAsync("background-color", LightAppBar);
        await Assertions.Expect(site.Page.Locator("body")).ToHaveCSSAsync("background-color", LightPage);
    }

    private static async Task ExpectDarkAsync(Site site)
    {
        await Assertions.Expect(site.Page.GetByRole(AriaRole.Banner)).ToHaveCSSAsync("background-color", DarkAppBar);
        await Assertions.Expect(site.Page.Locator("body")).Not.ToHaveCSSAsync("background-color", LightPage);
    }
}
