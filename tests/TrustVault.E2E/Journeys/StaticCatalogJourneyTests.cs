using System.Collections.Concurrent;
using Microsoft.Playwright;
using TrustVault.E2E.Accessibility;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

/// <summary>
/// An anonymous visitor searches and filters the catalog, opens a listing and reads its tabs, on a phone and on a
/// desktop: the static pages do it all with a GET form, links and small scripts, and no Blazor circuit is ever opened.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StaticCatalogJourneyTests(BrowserFixture browser)
{
    public static TheoryData<int, int> Screens => new()
    {
        { PageAudit.Phone.Width, PageAudit.Phone.Height },
        { PageAudit.Desktop.Width, PageAudit.Desktop.Height },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_visitor_filters_the_catalog_with_a_shareable_address_and_reads_a_listing_without_a_circuit(int width, int height)
    {
        var site = new Site(await browser.NewPageAsync(width, height), $"static-catalog-{width}");
        var page = site.Page;
        var circuitRequests = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                circuitRequests.Enqueue(request.Url);
            }
        };

        await site.OpenAsync("/catalog");
        await Assertions.Expect(page.Locator("[data-interactive=static]")).ToHaveCountAsync(1);

        var search = page.GetByLabel("Search APIs");
        await search.FillAsync("forecast");
        await search.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("q=forecast", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("listing-link").GetByText("AI Analytics")).ToBeVisibleAsync();

        // On a phone the filters fold away under their summary; from tablets up they stand beside the results.
        var weather = page.GetByTestId("facet-category-Weather");
        if (width < 960)
        {
            await Assertions.Expect(weather).Not.ToBeVisibleAsync();
            await page.GetByTestId("catalog-filters").Locator("summary").ClickAsync();
        }

        await weather.CheckAsync();
        await page.WaitForURLAsync(url => url.Contains("category=Weather", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("listing-link").GetByText("AI Analytics")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("listing-link").GetByText("Skycast Weather")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("facet-category-Weather")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByTestId("catalog-filters").Locator("summary")).ToHaveTextAsync("Filters (1)");

        await page.GetByTestId("catalog-sort").SelectOptionAsync("newest");
        await page.WaitForURLAsync(url => url.Contains("sort=newest", StringComparison.Ordinal));
        Assert.DoesNotContain("rating=", page.Url, StringComparison.Ordinal);
        await site.ScreenshotAsync("filtered");

        // The address is the search: back returns to the previous one, and the same address opens it afresh.
        await page.GoBackAsync();
        await page.WaitForURLAsync(url => !url.Contains("sort=", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("catalog-sort")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("facet-category-Weather")).ToBeCheckedAsync();
        await site.OpenAsync("/catalog?q=forecast&category=Weather&sort=newest");
        await Assertions.Expect(search).ToHaveValueAsync("forecast");
        await Assertions.Expect(page.GetByTestId("catalog-sort")).ToHaveValueAsync("newest");

        await page.GetByTestId("listing-link").GetByText("Skycast Weather").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Skycast Weather" })).ToBeVisibleAsync();
        var plans = page.GetByTestId("listing-tabs").GetByRole(AriaRole.Tab, new() { NameRegex = new("^Plans") });
        await plans.ClickAsync();
        await Assertions.Expect(plans).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.GetByTestId("plan-card").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("subscribe").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("Account/Login"));

        await page.GetByTestId("listing-tabs").GetByRole(AriaRole.Tab, new() { NameRegex = new("^Endpoints") }).ClickAsync();
        var endpoint = page.GetByTestId("endpoint").First;
        await endpoint.Locator(".mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(endpoint.GetByTestId("snippet-tabs")).ToBeVisibleAsync();
        await site.ScreenshotAsync("listing");

        Assert.Empty(circuitRequests);
    }
}
