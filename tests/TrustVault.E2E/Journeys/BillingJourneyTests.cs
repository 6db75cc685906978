using System.Net;
using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class BillingJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_customer_pays_in_test_mode_goes_past_its_quota_and_is_invoiced_for_the_overage_and_the_provider_earns()
    {
        var site = new Site(await browser.NewPageAsync(1280, 900), "billing");
        await site.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");
        var mrrBefore = await MrrAsync(site);
        await site.LogOutAsync();
        var email = $"payer-{Guid.NewGuid():N}@example.com";
        await site.RegisterAndConfirmAsync(email, "Payer#2026pass");
        await site.LogInAsync(email, "Payer#2026pass");

        // A paid third-party plan asks for a card first: the simulated one of test mode.
        await SubscribeAsync(site, "geopoint-geocoding", "Growth");
        await Assertions.Expect(site.Page.GetByTestId("test-mode-banner")).ToContainTextAsync("Test mode – no real charges");
        await site.Page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await site.Page.GetByLabel("CVC").FillAsync("123");
        await site.ScreenshotAsync("checkout");
        await site.Page.GetByTestId("save-card").ClickAsync();
        await site.Page.WaitForURLAsync(url => url.EndsWith("/console", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

        // A first-party plan with 100 included calls, then 110 calls.
        await SubscribeAsync(site, "business-intelligence", "Starter");
        await site.Page.WaitForURLAsync(url => url.EndsWith("/console", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await site.OpenAsync("/console/keys");
        await site.Page.GetByLabel("Key name").FillAsync("billing");
        await site.Page.GetByTestId("create-key").ClickAsync();
        var key = (await site.Page.GetByTestId("new-key-secret").TextContentAsync())!.Trim();
        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        for (var served = 0; served < 110;)
        {
            var response = await api.GetAsync("/gw/business-intelligence/v1/ping");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served++;
        }

        await site.OpenAsync("/console");
        await Assertions.Expect(site.Page.GetByTestId("quota-banner")).ToContainTextAsync("Business Intelligence: 110 of 100 included calls");
        await site.LogOutAsync();

        // The admin invoices the running month from the admin page and watches the job finish.
        await site.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");
        await site.OpenAsync("/admin/billing");
        await site.Page.GetByTestId("invoicing-period").ClickAsync();
        await site.Page.GetByRole(AriaRole.Option).Filter(new() { HasText = "running month" }).ClickAsync();
        await site.Page.GetByTestId("run-invoicing").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("invoicing-state")).ToContainTextAsync("Succeeded", new() { Timeout = 60_000 });
        await site.ScreenshotAsync("admin-invoicing");

        // The two new paid plans ($49 + $9 a month) move MRR.
        Assert.Equal(mrrBefore + 58m, await MrrAsync(site));
        await site.ScreenshotAsync("admin-revenue");
        await site.LogOutAsync();

        await site.LogInAsync(email, "Payer#2026pass");
        await site.OpenAsync("/console/billing");
        await site.Page.GetByTestId("invoice-link").First.ClickAsync();
        var invoice = site.Page.GetByTestId("invoice");
        await Assertions.Expect(invoice.GetByTestId("invoice-line").Filter(new() { HasText = "10 calls over the 100 included" })).ToContainTextAsync("$1.00");
        await Assertions.Expect(invoice.GetByTestId("invoice-line").Filter(new() { HasText = "GeoPoint Geocoding – Growth plan" })).ToBeVisibleAsync();
        await Assertions.Expect(invoice.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await site.ScreenshotAsync("invoice");
        await site.LogOutAsync();

        await site.LogInAsync("provider@trustvault.dev", "Provider#Demo2026");
        await site.OpenAsync("/portal/earnings");
        await Assertions.Expect(site.Page.GetByTestId("listing-earnings")).ToContainTextAsync("GeoPoint Geocoding");
        await site.ScreenshotAsync("provider-earnings");
    }

    private static async Task<decimal> MrrAsync(Site site)
    {
        await site.OpenAsync("/admin/revenue");
        var stat = site.Page.GetByTestId("stat").Filter(new() { HasText = "MRR" }).First;
        var text = await stat.Locator(".mud-typography-h5").TextContentAsync();
        return decimal.Parse(text!.Trim().TrimStart('$'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task SubscribeAsync(Site site, string slug, string plan)
    {
        await site.OpenAsync($"/catalog/{slug}");
        await site.Page.GetByRole(AriaRole.Tab, new() { Name = "Plans (3)" }).ClickAsync();
        var card = site.Page.GetByTestId("plan-card").Filter(new() { Has = site.Page.GetByText(plan, new() { Exact = true }) });
        await card.GetByTestId("subscribe").ClickAsync();
    }
}
