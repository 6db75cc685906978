using Microsoft.Playwright;
using TrustVault.E2E.Accessibility;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class DeveloperToolsJourneyTests(BrowserFixture browser)
{
    // Each language's code, told apart by the SDK call it makes.
    private static readonly (string Tab, string Code, string Marker)[] Languages =
    [
        ("curl", "snippet-curl", "curl "),
        ("TypeScript", "snippet-typescript", "from \"@trustvault/client\""),
        ("Python", "snippet-python", "from trustvault import TrustVaultClient"),
        ("Go", "snippet-go", "trustvault.NewClient("),
        ("C#", "snippet-csharp", "new TrustVaultClient(new Uri("),
    ];

    [Theory]
    [InlineData("business-intelligence")]
    [InlineData("skycast-weather")]
    public async Task On_a_phone_a_visitor_finds_each_endpoint_as_code_in_five_languages_and_the_downloads(string slug)
    {
        var site = new Site(await browser.NewPageAsync(PageAudit.Phone.Width, PageAudit.Phone.Height), $"snippets-{slug}");
        await site.OpenAsync($"/catalog/{slug}");

        await site.Page.GetByTestId("listing-tabs").GetByRole(AriaRole.Tab, new() { NameRegex = new("^Endpoints") }).ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("download-postman")).ToHaveAttributeAsync("href", $"/catalog/{slug}/postman.json");
        var endpoint = site.Page.GetByTestId("endpoint").First;
        await endpoint.ClickAsync();
        foreach (var (tab, code, marker) in Languages)
        {
            await endpoint.GetByTestId("snippet-tabs").GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
            var shown = endpoint.GetByTestId(code);
            await Assertions.Expect(shown).ToContainTextAsync(marker);
            await Assertions.Expect(shown).ToContainTextAsync(slug);
            await Assertions.Expect(shown).ToContainTextAsync("TRUSTVAULT_API_KEY");
        }

        // Long lines scroll inside their card: the page itself never gets wider than the phone.
        Assert.True(
            await site.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The code made the page wider than the phone.");
        await site.ScreenshotAsync("code");
    }
}
