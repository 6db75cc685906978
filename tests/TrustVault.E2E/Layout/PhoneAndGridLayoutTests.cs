using Microsoft.Playwright;
using TrustVault.E2E.Accessibility;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Layout;

/// <summary>What the page walk of <see cref="AccessibilityTests"/> cannot see: tabs, the app bar and card grids.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneAndGridLayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task On_a_phone_the_selected_listing_tab_stays_in_view_a_long_organization_name_ends_in_an_ellipsis_and_the_account_menu_is_reachable()
    {
        var site = new Site(await browser.NewPageAsync(PageAudit.Phone.Width, PageAudit.Phone.Height), "phone");
        await site.LogInAsync("customer@trustvault.dev", "Customer#Demo2026");
        await site.OpenAsync("/catalog/business-intelligence");

        var name = site.Page.GetByTestId("org-name");
        await Assertions.Expect(name).ToHaveTextAsync("Globex Analytics");
        await Assertions.Expect(name).ToHaveCSSAsync("text-overflow", "ellipsis");
        Assert.True(await name.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "The organization name fits a phone's app bar: it cannot show the ellipsis.");
        await Assertions.Expect(name).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(site.Page.GetByTestId("user-menu").Locator("button").First).ToBeInViewportAsync(new() { Ratio = 1 });

        // The organization switcher opens its menu on a tap, and from the keyboard: its button takes focus and Enter opens it.
        var menuItem = site.Page.GetByRole(AriaRole.Menuitem).Filter(new() { HasText = "Globex Analytics" });
        await site.Page.GetByTestId("org-switcher-button").ClickAsync();
        await Assertions.Expect(menuItem).ToBeVisibleAsync();
        await site.Page.GetByTestId("org-switcher-button").ClickAsync();
        await Assertions.Expect(menuItem).ToBeHiddenAsync();
        var switcher = site.Page.GetByTestId("org-switcher").GetByRole(AriaRole.Button, new() { Name = "Globex Analytics" });
        await switcher.FocusAsync();
        await Assertions.Expect(switcher).ToBeFocusedAsync();
        await site.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(menuItem).ToBeVisibleAsync();
        await site.Page.Keyboard.PressAsync("Escape");

        // A click event without Playwright's own scrolling, as a screen reader or a keyboard selects a tab.
        var tabs = site.Page.GetByTestId("listing-tabs").GetByRole(AriaRole.Tab);
        foreach (var tab in new[] { tabs.Last, tabs.First, tabs.Last })
        {
            await tab.DispatchEventAsync("click");
            await Assertions.Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
            await Assertions.Expect(tab).ToBeInViewportAsync(new() { Ratio = 1 });
        }
    }

    [Fact]
    public async Task On_a_phone_the_menu_button_tells_whether_the_drawer_is_open_empty_tables_keep_their_message_on_screen_and_a_reason_field_takes_the_focus()
    {
        var site = new Site(await browser.NewPageAsync(390, 844), "phone-empty");

        // A visitor's page is static: the script, not the circuit, folds and unfolds the drawer and says so.
        await site.OpenAsync("/catalog");
        var toggle = site.Page.GetByTestId("nav-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-controls", await site.Page.GetByTestId("nav-drawer").GetAttributeAsync("id") ?? "(no id)");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("nav-drawer")).ToBeVisibleAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");

        var email = $"empty-{Guid.NewGuid():N}@example.com";
        await site.RegisterAndConfirmAsync(email, "Empty#2026pass");
        await site.LogInAsync(email, "Empty#2026pass");

        // A table wider than the screen scrolls sideways; its empty message spans all its columns yet stays in view.
        foreach (var (path, table) in new[] { ("/console/keys", "keys"), ("/console/billing", "invoices") })
        {
            await site.OpenAsync(path);
            var message = site.Page.GetByTestId(table).Locator(".mud-table-empty-row .mud-typography").First;
            await Assertions.Expect(message).ToBeVisibleAsync();
            var span = await message.EvaluateAsync<double[]>(
                "e => { const r = document.createRange(); r.selectNodeContents(e); const b = r.getBoundingClientRect(); return [b.left, b.right]; }");
            Assert.True(span[0] >= 0 && span[1] <= 390, $"The empty message of {path} runs from {span[0]:0} to {span[1]:0} px on a 390 px screen.");
        }

        // Suspending a listing asks for a reason: the dialog opens with the focus in that field.
        await site.OpenAsync("/console");
        await site.LogOutAsync();
        await site.LogInAsync("admin@trustvault.dev", "Admin#Demo2026");
        await site.OpenAsync("/admin/listings");
        await site.Page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "Published" }).ClickAsync();
        await site.Page.GetByTestId("review-open").First.ClickAsync();
        await site.Page.Locator(Site.Ready).WaitForAsync();
        await site.Page.GetByTestId("suspend").ClickAsync();
        await Assertions.Expect(site.Page.GetByLabel("Reason")).ToBeFocusedAsync();
        await site.Page.Keyboard.PressAsync("Escape");
    }

    [Fact]
    public async Task Plan_cards_put_price_limits_and_button_on_the_same_lines_and_catalog_cards_in_a_row_are_equally_high()
    {
        var site = new Site(await browser.NewPageAsync(PageAudit.Desktop.Width, PageAudit.Desktop.Height), "grid");
        await site.OpenAsync("/catalog/business-intelligence");
        await site.Page.GetByTestId("listing-tabs").GetByRole(AriaRole.Tab, new() { Name = "Plans" }).ClickAsync();
        await Assertions.Expect(site.Page.GetByTestId("plan-card")).ToHaveCountAsync(3);

        foreach (var part in new[] { "plan-price", "plan-limits", "plan-actions" })
        {
            var tops = await site.Page.GetByTestId(part).EvaluateAllAsync<double[]>("parts => parts.map(p => Math.round(p.getBoundingClientRect().top))");
            Assert.True(tops.Distinct().Count() == 1, $"The plan cards' {part} start at different heights: {string.Join(", ", tops)}");
        }

        await site.OpenAsync("/catalog");
        await Assertions.Expect(site.Page.GetByTestId("listing-card").Nth(2)).ToBeVisibleAsync();
        var rows = await site.Page.GetByTestId("listing-card").EvaluateAllAsync<double[][]>(
            """
            cards => cards.map(c => {
                const card = c.getBoundingClientRect();
                const rating = c.querySelector('[data-testid=card-rating]').getBoundingClientRect();
                return [Math.round(card.top), Math.round(card.height), Math.round(rating.top - card.top)];
            })
            """);
        foreach (var row in rows.GroupBy(card => card[0]))
        {
            Assert.True(row.Select(card => card[1]).Distinct().Count() == 1, $"Catalog cards in the row at {row.Key} px differ in height: {string.Join(", ", row.Select(c => c[1]))}");
            Assert.True(row.Select(card => card[2]).Distinct().Count() == 1, $"Catalog cards in the row at {row.Key} px show the rating at different places");
        }
    }
}
