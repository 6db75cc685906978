using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Journeys;

[Collection(BrowserCollection.Name)]
public sealed class PlanSwitchJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_customer_sees_its_current_plan_on_the_listing_and_switches_plans_after_confirming_the_proration()
    {
        var site = new Site(await browser.NewPageAsync(1280, 900), "switch");
        var email = $"switcher-{Guid.NewGuid():N}@example.com";
        await site.RegisterAndConfirmAsync(email, "Switch#2026pass");
        await site.LogInAsync(email, "Switch#2026pass");

        // A free plan starts at once: nothing to confirm.
        await OpenPlansAsync(site);
        await Plan(site, "Free").GetByTestId("subscribe").ClickAsync();
        await site.WaitForPageAsync(url => url.EndsWith("/console", StringComparison.Ordinal));

        // Back on the listing, the free plan is marked as current and the others offer a switch instead of "Subscribe".
        await OpenPlansAsync(site);
        await Assertions.Expect(Plan(site, "Free").GetByTestId("current-plan")).ToBeVisibleAsync();
        await Assertions.Expect(site.Page.GetByTestId("subscribe")).ToHaveCountAsync(0);
        await Assertions.Expect(site.Page.GetByTestId("switch-plan")).ToHaveCountAsync(2);

        // Moving up applies now, prorated; cancelling the confirmation changes nothing.
        await Plan(site, "Starter").GetByTestId("switch-plan").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("quote-applies")).ToHaveTextAsync("Now");
        await Assertions.Expect(site.Page.GetByTestId("quote-prorated")).ToContainTextAsync("for the rest of");
        await site.Page.GetByTestId("quote-cancel").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("plan-quote")).ToHaveCountAsync(0);
        await Assertions.Expect(Plan(site, "Free").GetByTestId("current-plan")).ToBeVisibleAsync();

        await Plan(site, "Starter").GetByTestId("switch-plan").ClickAsync();
        await site.ScreenshotAsync("confirm-upgrade");
        await site.Page.GetByTestId("quote-confirm").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("checkout")).ToBeVisibleAsync();

        // Another listing, reached from this one's related APIs, does not carry this listing's card form (its button
        // would take this plan there); back here, the plan is asked for again.
        var related = site.Page.GetByTestId("related-apis").GetByTestId("listing-link").First;
        var relatedName = (await related.TextContentAsync())!.Trim();
        await related.ClickAsync();
        // The breadcrumbs name the listing once it has loaded (nothing of it shows while it loads).
        await Assertions.Expect(site.Page.Locator(".mud-breadcrumbs")).ToContainTextAsync(relatedName);
        await Assertions.Expect(site.Page.GetByTestId("checkout")).ToHaveCountAsync(0);
        await OpenPlansAsync(site);
        await Plan(site, "Starter").GetByTestId("switch-plan").ClickAsync();
        await site.Page.GetByTestId("quote-confirm").ClickAsync();

        // No card on file yet: the simulated one of test mode, then the switch happens.
        await site.Page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await site.Page.GetByLabel("CVC").FillAsync("123");
        await site.Page.GetByTestId("save-card").ClickAsync();
        await Assertions.Expect(Plan(site, "Starter").GetByTestId("current-plan")).ToBeVisibleAsync();
        await Assertions.Expect(Plan(site, "Free").GetByTestId("switch-plan")).ToBeVisibleAsync();

        // Moving down waits for the end of this billing period.
        await Plan(site, "Free").GetByTestId("switch-plan").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("quote-applies")).ToContainTextAsync("the end of this billing period; Starter stays until then");
        await Assertions.Expect(site.Page.GetByTestId("quote-first-charge")).ToHaveTextAsync("Nothing: this plan has no fee");
        await site.Page.GetByTestId("quote-confirm").ClickAsync();
        await Assertions.Expect(site.Page.GetByText("Free applies from")).ToBeVisibleAsync();
        await Assertions.Expect(Plan(site, "Starter").GetByTestId("current-plan")).ToBeVisibleAsync();

        await site.OpenAsync("/console");
        var subscription = site.Page.GetByTestId("subscription").Filter(new() { HasText = "Business Intelligence" });
        await Assertions.Expect(subscription).ToContainTextAsync("moves to Free on ");

        // Cancelling says when it ends before it does anything.
        await subscription.GetByTestId("cancel-subscription").ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("confirm-message")).ToContainTextAsync("the end of this billing period");
        await site.ScreenshotAsync("confirm-cancel");
        await site.Page.GetByTestId("confirm-ok").ClickAsync();
        await Assertions.Expect(subscription.GetByTestId("cancel-subscription")).ToHaveCountAsync(0);
        await Assertions.Expect(subscription).ToContainTextAsync("ends ");
    }

    private static async Task OpenPlansAsync(Site site)
    {
        await site.OpenAsync("/catalog/business-intelligence");
        await site.Page.GetByRole(AriaRole.Tab, new() { Name = "Plans (3)" }).ClickAsync();
    }

    private static ILocator Plan(Site site, string name) =>
        site.Page.GetByTestId("plan-card").Filter(new() { Has = site.Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }) });
}
