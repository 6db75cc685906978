using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class PublishAndFindJourneyTests(BrowserFixture browser)
{
    // Its description makes the document larger than SignalR's default message (32 KB), as real documents are: a paste
    // must reach the circuit whole.
    private static readonly string Document = $$"""
        openapi: 3.0.3
        info:
          title: Harbour Tides
          version: 1.0.0
          description: {{string.Concat(Enumerable.Repeat("Tide tables for every harbour, from bathymetry models. ", 1_000))}}
        paths:
          /tides:
            get:
              tags: [Tides]
              summary: High and low water times from bathymetry models
              parameters:
                - name: harbour
                  in: query
                  required: true
                  schema: { type: string }
              responses:
                '200':
                  description: OK
                  content:
                    application/json:
                      example: { high: "06:12", low: "12:30" }
          /harbours:
            get:
              tags: [Harbours]
              summary: List the harbours covered
              responses: { '200': { description: OK } }
        """;

    [Fact]
    public async Task A_provider_publishes_an_api_an_admin_approves_it_and_a_visitor_finds_it()
    {
        var name = $"Harbour Tides {Guid.NewGuid().ToString("N")[..6]}";

        var provider = new Site(await browser.NewPageAsync(1280, 900), "publish-provider");
        await provider.LogInAsync("provider@trustvault.dev", "Provider#Demo2026");
        await provider.OpenAsync("/portal");
        await provider.Page.GetByTestId("new-listing").ClickAsync();
        await provider.Page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await provider.Page.GetByLabel("Summary").FillAsync("Tide times for every harbour on the coast");
        await provider.ChooseAsync("listing-category", "Weather");
        await provider.Page.GetByLabel("Upstream base URL").FillAsync("https://api.harbour-tides.example/v1");
        await provider.Page.GetByTestId("listing-save").ClickAsync();
        await provider.WaitForPageAsync(url => !url.EndsWith("/new", StringComparison.Ordinal));

        await provider.Page.GetByRole(AriaRole.Tab, new() { Name = "API definition" }).ClickAsync();
        await provider.Page.GetByLabel("OpenAPI document").FillAsync(Document);
        await provider.Page.GetByTestId("openapi-import").ClickAsync();
        await Assertions.Expect(provider.Page.GetByText("Imported 2 endpoints")).ToBeVisibleAsync();
        await provider.ScreenshotAsync("api-definition");

        await provider.Page.GetByRole(AriaRole.Tab, new() { Name = "Plans" }).ClickAsync();
        await AddPlanAsync(provider.Page, "Free", "0");
        await AddPlanAsync(provider.Page, "Pro", "29");
        await Assertions.Expect(provider.Page.GetByTestId("plans-table").Locator("tbody tr")).ToHaveCountAsync(2);
        await provider.ScreenshotAsync("plans");

        await provider.Page.GetByRole(AriaRole.Tab, new() { Name = "Review & publish" }).ClickAsync();
        await provider.Page.GetByTestId("submit-review").ClickAsync();
        await Assertions.Expect(provider.Page.GetByTestId("listing-status").First).ToHaveTextAsync("In review");

        var admin = new Site(await browser.NewPageAsync(1280, 900), "publish-admin");
        await admin.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");
        await admin.OpenAsync("/admin/listings");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await admin.Page.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(admin.Page.GetByTestId("listing-status").First).ToHaveTextAsync("Published");
        await admin.ScreenshotAsync("approved");

        var visitor = new Site(await browser.NewPageAsync(1280, 900), "publish-visitor");
        await visitor.OpenAsync("/catalog");
        await visitor.Page.GetByLabel("Search APIs").FillAsync("bathymetry");
        await visitor.Page.GetByLabel("Search APIs").PressAsync("Enter");
        await Assertions.Expect(visitor.Page.GetByTestId("result-count")).ToHaveTextAsync("1 API");
        await visitor.Page.GetByTestId("facet-category-Weather").CheckAsync();
        await visitor.WaitForPageAsync(url => url.Contains("category=Weather", StringComparison.Ordinal));
        await Assertions.Expect(visitor.Page.GetByTestId("listing-link")).ToHaveTextAsync(name);
        await visitor.ScreenshotAsync("search");

        await visitor.Page.GetByTestId("listing-link").ClickAsync();
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await visitor.Page.GetByRole(AriaRole.Tab, new() { Name = "Plans (2)" }).ClickAsync();
        await Assertions.Expect(visitor.Page.GetByTestId("plan-card")).ToHaveCountAsync(2);
        await visitor.ScreenshotAsync("listing");
    }

    private static async Task AddPlanAsync(IPage page, string name, string price)
    {
        await page.GetByLabel("Plan name").FillAsync(name);
        await page.GetByLabel("Monthly price").FillAsync(price);
        await page.GetByTestId("plan-save").ClickAsync();
        await Assertions.Expect(page.GetByText($"Plan {name} added.")).ToBeVisibleAsync();
    }
}
