using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

/// <summary>
/// The demo seed gives Skycast Weather half a day of steady calls ending in an interval where most calls fail slowly; an
/// admin runs the anomaly job from the jobs dashboard and the demo provider finds the alert and the flagged point.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ListingAnomalyJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_provider_sees_the_alert_for_a_spike_and_the_flagged_point_on_its_chart()
    {
        var admin = new Site(await browser.NewPageAsync(1280, 900), "anomaly-admin");
        await admin.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");
        // Hangfire's own page, outside the app's pages whose policy reports Site checks.
        await admin.Page.GotoAsync("/admin/jobs/recurring");
        await admin.Page.Locator("input.js-jobs-list-checkbox[value='listing-anomalies']").CheckAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();

        var provider = new Site(await browser.NewPageAsync(1280, 900), "anomaly-provider");
        await provider.LogInAsync("provider@trustvault.dev", "Provider#Demo2026");
        var alert = provider.Page.GetByTestId("alert-metric").Filter(new() { HasText = "5xx error rate" });
        // The triggered job runs on the app's job server within seconds; the page shows what is stored when it opens.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        do
        {
            await provider.OpenAsync("/portal/alerts");
            await Assertions.Expect(provider.Page.GetByTestId("alerts")).ToBeVisibleAsync();
            await Assertions.Expect(provider.Page.GetByText("Loading…")).ToHaveCountAsync(0);
        }
        while (await alert.CountAsync() == 0 && DateTime.UtcNow < deadline);

        await Assertions.Expect(alert.First).ToBeVisibleAsync();
        await Assertions.Expect(provider.Page.GetByTestId("flagged-points")).ToContainTextAsync("flagged point");
        await Assertions.Expect(provider.Page.GetByTestId("flagged-points")).Not.ToContainTextAsync("0 flagged points");
        await provider.ScreenshotAsync("alerts");

        var row = provider.Page.Locator("tr").Filter(new() { Has = alert.First });
        await row.GetByTestId("alert-acknowledge").ClickAsync();
        await Assertions.Expect(provider.Page.Locator("tr").Filter(new() { Has = provider.Page.GetByTestId("alert-metric").Filter(new() { HasText = "5xx error rate" }) })
            .GetByTestId("alert-acknowledged").First).ToBeVisibleAsync();
    }
}
