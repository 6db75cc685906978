using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrustVault.E2E.Accessibility;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Layout;

/// <summary>
/// The static Identity pages wear the app's MudBlazor form look at desktop and phone width, fit the screen, and say
/// next to the field what an empty post is missing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountFormLayoutTests(BrowserFixture browser)
{
    public static TheoryData<string, string, int, int> Pages() => new()
    {
        { "/Account/Login", "Log in", PageAudit.Desktop.Width, PageAudit.Desktop.Height },
        { "/Account/Login", "Log in", PageAudit.Phone.Width, PageAudit.Phone.Height },
        { "/Account/Register", "Register", PageAudit.Desktop.Width, PageAudit.Desktop.Height },
        { "/Account/Register", "Register", PageAudit.Phone.Width, PageAudit.Phone.Height },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_account_form_looks_like_the_apps_forms_fits_the_screen_and_flags_an_empty_email(string path, string button, int width, int height)
    {
        var site = new Site(await browser.NewPageAsync(width, height), $"account-form-{width}");
        var page = site.Page;
        await site.GoToAsync(path);

        var email = page.GetByLabel("Email");
        await Assertions.Expect(email).ToHaveClassAsync(new Regex(@"\bmud-input-root-outlined\b"));
        await Assertions.Expect(page.Locator(".mud-input-control.mud-input-outlined-with-label").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true })).ToHaveClassAsync(new Regex(@"\bmud-button-filled-primary\b"));
        Assert.True(await FitsSidewaysAsync(page), $"{path} scrolls sideways at {width} px");

        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#Input\\.Email-helper-text")).ToHaveTextAsync("The Email field is required.", new() { Timeout = 30_000 });
        await Assertions.Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(email).ToHaveAttributeAsync("aria-describedby", "Input.Email-helper-text");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The Email field is required." })).ToBeVisibleAsync();
        Assert.True(await FitsSidewaysAsync(page), $"{path} with its errors scrolls sideways at {width} px");
        await site.ScreenshotAsync($"{path.Replace('/', '-').Trim('-')}-errors");
    }

    private static Task<bool> FitsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
}
