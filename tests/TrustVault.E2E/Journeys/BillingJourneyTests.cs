using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class BillingJourneyTests(BrowserFixture browser)
{
    // The demo catalog's prices of the two plans the customer takes, and the platform fee the app runs with (BillingOptions' default).
    private const decimal GeoPointGrowthPrice = 49m;
    private const decimal BusinessIntelligenceStarterPrice = 9m;
    private const decimal PlatformFeePercent = 20m;

    [Fact]
    public async Task A_customer_pays_in_test_mode_goes_past_its_quota_and_is_invoiced_for_the_overage_and_the_provider_earns()
    {
        var site = new Site(await browser.NewPageAsync(1280, 900), "billing");
        await site.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");
        var mrrBefore = await MrrAsync(site);
        await site.LogOutAsync();
        await site.LogInAsync("provider@trustvault.dev", "Provider#Demo2026");
        var geoPointGrossBefore = await GeoPointGrossAsync(site);
        await site.LogOutAsync();
        var email = $"payer-{Guid.NewGuid():N}@example.com";
        await site.RegisterAndConfirmAsync(email, "Payer#2026pass");
        await site.LogInAsync(email, "Payer#2026pass");

        // A paid third-party plan shows what it costs first, then asks for a card: the simulated one of test mode. It starts when the card is saved.
        var subscribing = DateTimeOffset.UtcNow;
        await SubscribeAsync(site, "geopoint-geocoding", "Growth");
        await Assertions.Expect(site.Page.GetByTestId("quote-price")).ToHaveTextAsync("$49.00 per month");
        await Assertions.Expect(site.Page.GetByTestId("quote-trial")).ToHaveTextAsync("No trial");
        await Assertions.Expect(site.Page.GetByTestId("quote-first-charge")).ToContainTextAsync("when " + subscribing.UtcDateTime.ToString("MMMM yyyy", CultureInfo.InvariantCulture) + " is invoiced");
        await site.ScreenshotAsync("confirm");
        await site.Page.GetByTestId("quote-confirm").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("test-mode-banner")).ToContainTextAsync("Test mode – no real charges");
        // The form appears above the plans, away from the button: it takes the focus, which brings it into view.
        await Assertions.Expect(site.Page.GetByLabel("Card number")).ToBeFocusedAsync();
        await Assertions.Expect(site.Page.GetByLabel("Card number")).ToBeInViewportAsync();
        await site.Page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await site.Page.GetByLabel("CVC").FillAsync("123");
        await site.ScreenshotAsync("checkout");
        await site.Page.GetByTestId("save-card").ClickAsync();
        await site.WaitForPageAsync(url => url.EndsWith("/console", StringComparison.Ordinal));
        var subscribed = DateTimeOffset.UtcNow;

        // A first-party plan with 100 included calls, then 110 calls.
        await SubscribeAsync(site, "business-intelligence", "Starter");
        await site.Page.GetByTestId("quote-confirm").ClickAsync();
        await site.WaitForPageAsync(url => url.EndsWith("/console", StringComparison.Ordinal));
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

        // The two new paid plans move MRR by their monthly prices.
        Assert.Equal(mrrBefore + GeoPointGrowthPrice + BusinessIntelligenceStarterPrice, await MrrAsync(site));
        await site.ScreenshotAsync("admin-revenue");
        await site.LogOutAsync();

        await site.LogInAsync(email, "Payer#2026pass");
        await site.OpenAsync("/console/billing");
        await site.Page.GetByTestId("invoice-link").First.ClickAsync();
        var invoice = site.Page.GetByTestId("invoice");
        await Assertions.Expect(invoice.GetByTestId("invoice-line").Filter(new() { HasText = "10 calls over the 100 included" }).GetByTestId("invoice-line-amount"))
            .ToHaveTextAsync("$1.00");
        var growthFee = Dollars(await invoice.GetByTestId("invoice-line").Filter(new() { HasText = "GeoPoint Geocoding – Growth plan" })
            .GetByTestId("invoice-line-amount").TextContentAsync());
        // Prorated from the moment the subscription started: some time between the two instants taken around the checkout.
        Assert.InRange(growthFee, MonthFeeFrom(subscribed, GeoPointGrowthPrice), MonthFeeFrom(subscribing, GeoPointGrowthPrice));
        await Assertions.Expect(invoice.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await site.ScreenshotAsync("invoice");
        await site.LogOutAsync();

        await site.LogInAsync("provider@trustvault.dev", "Provider#Demo2026");
        await site.OpenAsync("/portal/earnings");
        var gross = geoPointGrossBefore + growthFee;
        await Assertions.Expect(GeoPointEarnings(site).GetByTestId("listing-gross")).ToHaveTextAsync(Usd(gross));
        // The provider keeps the gross less the platform fee. Each month's fee is rounded once on the provider's whole
        // month and split over its listings to the cent (InvoicingServiceTests hold the split exactly), so a listing's
        // net is within a cent a month of its gross less the percentage.
        var net = Dollars(await GeoPointEarnings(site).GetByTestId("listing-net").TextContentAsync());
        Assert.InRange(net, gross * (100m - PlatformFeePercent) / 100m - 0.05m, gross * (100m - PlatformFeePercent) / 100m + 0.05m);
        await site.ScreenshotAsync("provider-earnings");
    }

    /// <summary>
    /// The running month's fee of a plan started at <paramref name="startedAt"/>, as invoices prorate it: price × the
    /// share of the month left, rounded to cents.
    /// </summary>
    private static decimal MonthFeeFrom(DateTimeOffset startedAt, decimal monthlyPrice)
    {
        var monthStart = new DateTimeOffset(startedAt.Year, startedAt.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var monthEnd = monthStart.AddMonths(1);
        var share = (decimal)(monthEnd - startedAt).Ticks / (monthEnd - monthStart).Ticks;
        return Math.Round(monthlyPrice * share, 2, MidpointRounding.AwayFromZero);
    }

    private static ILocator GeoPointEarnings(Site site) =>
        site.Page.GetByTestId("listing-earnings").GetByRole(AriaRole.Row).Filter(new() { HasText = "GeoPoint Geocoding" });

    /// <summary>What GeoPoint Geocoding has earned its provider so far: nothing while no invoice with it is paid.</summary>
    private static async Task<decimal> GeoPointGrossAsync(Site site)
    {
        await site.OpenAsync("/portal/earnings");
        await site.Page.GetByTestId("listing-earnings").Or(site.Page.GetByTestId("earnings-empty")).WaitForAsync();
        var gross = GeoPointEarnings(site).GetByTestId("listing-gross");
        return await gross.CountAsync() == 0 ? 0m : Dollars(await gross.TextContentAsync());
    }

    private static async Task<decimal> MrrAsync(Site site)
    {
        await site.OpenAsync("/admin/revenue");
        var stat = site.Page.GetByTestId("stat").Filter(new() { HasText = "MRR" }).First;
        return Dollars(await stat.GetByTestId("stat-value").TextContentAsync());
    }

    private static decimal Dollars(string? text) => decimal.Parse(text!.Trim().TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string Usd(decimal amount) => "$" + amount.ToString("N2", CultureInfo.InvariantCulture);

    private static async Task SubscribeAsync(Site site, string slug, string plan)
    {
        await site.OpenAsync($"/catalog/{slug}");
        await site.Page.GetByRole(AriaRole.Tab, new() { Name = "Plans (3)" }).ClickAsync();
        var card = site.Page.GetByTestId("plan-card").Filter(new() { Has = site.Page.GetByText(plan, new() { Exact = true }) });
        await card.GetByTestId("subscribe").ClickAsync();
    }
}
