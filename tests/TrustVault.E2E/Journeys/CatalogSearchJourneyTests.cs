using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class CatalogSearchJourneyTests(BrowserFixture browser)
{
    // Suggestions wait for a pause in typing and a request: generous on a loaded machine, and only ever waited on, never slept.
    private static readonly LocatorAssertionsToBeVisibleOptions Shown = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_visitor_picks_a_suggestion_while_typing_and_finds_related_apis_on_its_page()
    {
        var visitor = new Site(await browser.NewPageAsync(1280, 900), "search-visitor");
        await visitor.OpenAsync("/catalog");

        var box = visitor.Page.GetByLabel("Search APIs");
        await box.ClickAsync();
        await box.PressSequentiallyAsync("skycst", new() { Delay = 40 });

        var option = visitor.Page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" }).GetByRole(AriaRole.Option, new() { Name = "Skycast Weather" });
        await Assertions.Expect(option).ToBeVisibleAsync(Shown);
        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Combobox, new() { Name = "Search APIs" })).ToHaveAttributeAsync("aria-expanded", "true");
        await visitor.ScreenshotAsync("suggestions");

        // A visitor's catalog is a static GET form: typing searches nothing until submitted, so the choice is the only navigation.
        await option.ClickAsync();

        await Assertions.Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "Skycast Weather", Level = 1 })).ToBeVisibleAsync(Shown);
        var related = visitor.Page.GetByTestId("related-apis");
        await Assertions.Expect(related.GetByRole(AriaRole.Heading, new() { Name = "Related APIs" })).ToBeVisibleAsync();
        await Assertions.Expect(related.GetByTestId("listing-link").First).ToBeVisibleAsync();
        Assert.DoesNotContain("Skycast Weather", await related.GetByTestId("listing-link").AllTextContentsAsync());
        await visitor.ScreenshotAsync("related");
    }

    [Fact]
    public async Task A_search_picked_from_the_suggestions_keeps_the_filters_and_sort_of_the_page()
    {
        var visitor = new Site(await browser.NewPageAsync(1280, 900), "search-filters");
        await visitor.OpenAsync("/catalog?trial=true&sort=rating");

        var box = visitor.Page.GetByLabel("Search APIs");
        await box.ClickAsync();
        await box.PressSequentiallyAsync("forec", new() { Delay = 40 });
        var search = visitor.Page.GetByRole(AriaRole.Listbox, new() { Name = "Suggestions" })
            .GetByRole(AriaRole.Option, new() { NameRegex = new System.Text.RegularExpressions.Regex(" search$") }).First;
        await Assertions.Expect(search).ToBeVisibleAsync(Shown);
        await search.ClickAsync();

        await visitor.Page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));
        var query = new Uri(visitor.Page.Url).Query;
        Assert.Contains("trial=true", query, StringComparison.Ordinal);
        Assert.Contains("sort=rating", query, StringComparison.Ordinal);
    }
}
