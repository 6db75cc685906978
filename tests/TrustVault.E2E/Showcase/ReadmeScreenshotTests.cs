using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Showcase;

/// <summary>
/// The four pictures README opens with: the catalog, a listing, the customer console and the revenue dashboard, each
/// checked to show its content (cards, plans, the usage chart, the MRR chart) before it is taken. Every run keeps
/// them with the other screenshots; <c>scripts/readme-screenshots.sh</c> sets <see cref="TargetVariable"/> so they are
/// written to docs/screenshots as well.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadmeScreenshotTests(BrowserFixture browser)
{
    public const string TargetVariable = "TRUSTVAULT_README_SCREENSHOTS";

    [Fact]
    public async Task The_catalog_a_listing_the_console_and_the_revenue_dashboard_show_their_data()
    {
        var page = await browser.NewPageAsync(1440, 900);
        var site = new Site(page, "readme");

        await site.OpenAsync("/catalog");
        await Assertions.Expect(page.GetByTestId("listing-card").Nth(5)).ToBeVisibleAsync();
        await SaveAsync(site, "catalog");

        await site.OpenAsync("/catalog/skycast-weather");
        await page.GetByTestId("listing-tabs").GetByRole(AriaRole.Tab, new() { Name = "Plans" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-card").Nth(1)).ToBeVisibleAsync();
        await SaveAsync(site, "listing");

        await site.LogInAsync("customer@trustvault.dev", "Customer#Demo2026");
        await site.OpenAsync("/console");
        await Assertions.Expect(page.GetByTestId("usage-chart").Locator("svg").First).ToBeVisibleAsync();
        await SaveAsync(site, "console");
        await site.LogOutAsync();

        await site.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");
        await site.OpenAsync("/admin/revenue");
        await Assertions.Expect(page.GetByTestId("mrr-chart").Locator("svg").First).ToBeVisibleAsync();
        await SaveAsync(site, "revenue");
    }

    private static async Task SaveAsync(Site site, string name)
    {
        await site.ScreenshotAsync(name);
        if (Environment.GetEnvironmentVariable(TargetVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            // The first screen a reader would see, not the whole scrolled page: README shows them side by side.
            await site.Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png") });
        }
    }
}
