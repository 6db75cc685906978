using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TrustVault.Core;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Core.Reviews;
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
        var unfiltered = await page.GetByTestId("result-count").TextContentAsync();
        await search.FillAsync("forecast");
        await search.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("q=forecast", StringComparison.Ordinal));
        // The address changes before the new page arrives: until it has, the filters below would be the old page's.
        await Assertions.Expect(page.GetByTestId("result-count")).Not.ToHaveTextAsync(unfiltered!);
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

    [Fact]
    public async Task A_visitor_pages_a_listings_reviews_with_links_that_keep_the_reviews_tab_open()
    {
        await AddReviewsAsync();
        var site = new Site(await browser.NewPageAsync(PageAudit.Desktop.Width, PageAudit.Desktop.Height), "static-reviews");
        var page = site.Page;
        var circuitRequests = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                circuitRequests.Enqueue(request.Url);
            }
        };

        await site.OpenAsync($"/catalog/{ManyReviews}");
        var reviewsTab = page.GetByTestId("listing-tabs").GetByRole(AriaRole.Tab, new() { NameRegex = new("^Reviews") });
        await reviewsTab.ClickAsync();
        await Assertions.Expect(page.GetByTestId("review").GetByText("Added review 12")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("review").GetByText("Added review 01")).ToHaveCountAsync(0);

        await page.GetByTestId("pager-next").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("reviews=2", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("review").GetByText("Added review 01")).ToBeVisibleAsync();
        await Assertions.Expect(reviewsTab).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(page.GetByTestId("review").GetByText("Added review 12")).ToHaveCountAsync(0);
        await site.ScreenshotAsync("reviews-page-2");

        Assert.Empty(circuitRequests);
    }

    // A listing of the demo with one review, and no other journey's: given twelve newer ones, two pages of ten.
    private const string ManyReviews = "geopoint-geocoding";

    /// <summary>Twelve organizations' reviews, written to the app's database as twelve subscribers' would be.</summary>
    private async Task AddReviewsAsync()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTrustVaultCore(new DatabaseOptions { ConnectionString = $"Data Source={browser.App.DatabasePath}" }, Path.GetTempPath());
        await using var core = services.BuildServiceProvider(validateScopes: true);
        await using var db = await core.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        var listingId = await db.Listings.Where(l => l.Slug == ManyReviews).Select(l => l.Id).SingleAsync();
        var reviews = Enumerable.Range(1, 12).Select(number => (Number: number, Organization: new Organization { Name = $"Reviewer {number:00}" })).ToList();
        db.Organizations.AddRange(reviews.Select(r => r.Organization));
        db.Reviews.AddRange(reviews.Select(r => new Review
        {
            ListingId = listingId,
            OrganizationId = r.Organization.Id,
            AuthorUserId = "reviewer",
            Rating = 5,
            Text = $"Added review {r.Number:00}",
        }));
        await db.SaveChangesAsync();
        // One save stamps them all alike; spaced apart, after the demo's review, they have one order.
        foreach (var (number, organization) in reviews)
        {
            var at = new DateTimeOffset(2100, 1, 1, 0, number, 0, TimeSpan.Zero);
            await db.Reviews.AcrossOrganizations().Where(r => r.OrganizationId == organization.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.UpdatedAt, at));
        }
    }
}
