using System.Net;
using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class SubscribeAndCallJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_customer_subscribes_creates_a_key_calls_the_api_sees_the_call_tries_it_on_the_listing_page_and_a_revoked_key_is_refused()
    {
        var site = new Site(await browser.NewPageAsync(1280, 900), "subscribe");
        var email = $"caller-{Guid.NewGuid():N}@example.com";
        await site.RegisterAndConfirmAsync(email, "Caller#2026pass");
        await site.LogInAsync(email, "Caller#2026pass");

        await site.OpenAsync("/catalog/business-intelligence");
        await site.Page.GetByRole(AriaRole.Tab, new() { Name = "Plans (3)" }).ClickAsync();
        var freePlan = site.Page.GetByTestId("plan-card").Filter(new() { Has = site.Page.GetByTestId("plan-price").GetByText("Free", new() { Exact = true }) });
        await freePlan.GetByTestId("subscribe").ClickAsync();
        await site.WaitForPageAsync(url => url.EndsWith("/console", StringComparison.Ordinal));
        await Assertions.Expect(site.Page.GetByTestId("subscription").Filter(new() { HasText = "Business Intelligence" })).ToBeVisibleAsync();

        await site.OpenAsync("/console/keys");
        await site.Page.GetByLabel("Key name").FillAsync("e2e");
        await site.Page.GetByTestId("create-key").ClickAsync();
        var key = (await site.Page.GetByTestId("new-key-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("tv_live_", key, StringComparison.Ordinal);
        await site.ScreenshotAsync("key-created");

        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/gw/business-intelligence/v1/ping")).StatusCode);

        // The call reaches the usage store a moment after its answer, when the usage journal imports it: open the console again until it shows.
        var callsLast30Days = site.Page.GetByTestId("stat").Filter(new() { HasText = "Calls, last 30 days" }).GetByTestId("stat-value");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200))
        {
            await site.OpenAsync("/console");
            if (await callsLast30Days.TextContentAsync() == "1" || DateTime.UtcNow > deadline)
            {
                break;
            }
        }

        await Assertions.Expect(callsLast30Days).ToHaveTextAsync("1");
        await Assertions.Expect(site.Page.GetByTestId("usage-chart").Locator("svg").First).ToBeVisibleAsync();
        // The free plan's 500 calls a month: whatever day of the month this runs, the forecast names the period's end.
        var subscription = site.Page.GetByTestId("subscription").Filter(new() { HasText = "Business Intelligence" });
        await Assertions.Expect(subscription.GetByTestId("quota-forecast")).ToContainTextAsync("ends on");
        await site.ScreenshotAsync("console-usage");

        await site.OpenAsync("/catalog/business-intelligence");
        await site.Page.GetByRole(AriaRole.Tab, new() { Name = "Try it" }).ClickAsync();
        await site.Page.GetByTestId("tryit-key").FillAsync(key);
        await site.Page.GetByTestId("tryit-send").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("tryit-status")).ToHaveTextAsync("200");
        await Assertions.Expect(site.Page.GetByTestId("tryit-response")).ToContainTextAsync("\"status\": \"ok\"");
        await site.ScreenshotAsync("try-it");

        // Copy as code: the request just sent, the key masked until revealed, the copy holding it whole.
        var asCode = site.Page.GetByTestId("tryit-as-code");
        var curl = asCode.GetByTestId("snippet-curl");
        await Assertions.Expect(curl).ToContainTextAsync("/gw/business-intelligence/v1/ping");
        await Assertions.Expect(curl).Not.ToContainTextAsync(key);
        await asCode.GetByTestId("snippet-reveal").ClickAsync();
        await Assertions.Expect(curl).ToContainTextAsync($"X-Api-Key: {key}");
        await site.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        // Every language's panel is in the page (a static page switches them in the browser): copy the curl one.
        await asCode.GetByRole(AriaRole.Button, new() { Name = "Copy curl" }).ClickAsync();
        await Assertions.Expect(site.Page.GetByText("curl code copied.")).ToBeVisibleAsync();
        Assert.Contains(key, await site.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"), StringComparison.Ordinal);

        await site.OpenAsync("/console/keys");
        await site.Page.GetByTestId("revoke-key").First.ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("confirm-message")).ToContainTextAsync("stops working now");
        await site.Page.GetByTestId("confirm-ok").ClickAsync();
        await Assertions.Expect(site.Page.GetByText("is revoked")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/gw/business-intelligence/v1/ping")).StatusCode);
    }
}
