using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TrustVault.E2E.Infrastructure;

/// <summary>Page object for the journeys: the steps a person takes, in the product's words.</summary>
public sealed class Site
{
    private readonly IPage page;
    private readonly string screenshotPrefix;
    private readonly ConcurrentQueue<string> policyViolations = new();

    public Site(IPage page, string screenshotPrefix)
    {
        this.page = page;
        this.screenshotPrefix = screenshotPrefix;

        // The journeys visit every kind of page: whatever the Content-Security-Policy blocks on the way fails them,
        // and so does any request for something outside the app.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                policyViolations.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            if (request.Failure?.StartsWith(BrowserFixture.OutsideRequestFailure, StringComparison.Ordinal) == true)
            {
                policyViolations.Enqueue($"{page.Url}: requested {request.Url}, outside the app");
            }
        };
    }

    public IPage Page => page;

    public async Task GoToAsync(string path)
    {
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(policyViolations);
    }

    /// <summary>
    /// Opens an app page and waits until clicks are handled: its circuit is live, or it is a static page (what anonymous
    /// visitors browse), whose links, forms and scripts need none.
    /// </summary>
    public async Task OpenAsync(string path)
    {
        await GoToAsync(path);
        await page.Locator(Ready).WaitForAsync();
    }

    /// <summary>The layout's mark of a page that handles clicks: interactive with a live circuit, or static.</summary>
    public const string Ready = "[data-interactive=true], [data-interactive=static]";

    /// <summary>
    /// Chooses a select's option and checks that the choice took. Under load the option list can still be moving into
    /// place when it is clicked, and a click that lands beside it closes the list with nothing chosen: then it is chosen
    /// again.
    /// </summary>
    public async Task ChooseAsync(string selectTestId, string option)
    {
        var select = page.GetByTestId(selectTestId);
        for (var attempt = 1; ; attempt++)
        {
            await select.ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
            try
            {
                await Assertions.Expect(select).ToHaveTextAsync(option, new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Waits for the app to move on after a button, as a person waits for the next page. When it does not, the failure
    /// says what the page showed instead (a message, a field's error), which a bare timeout would not.
    /// </summary>
    public async Task WaitForPageAsync(Func<string, bool> arrived)
    {
        try
        {
            await page.WaitForURLAsync(arrived, new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (PlaywrightException e)
        {
            var shown = await page.Locator(".mud-snackbar, .mud-alert, .mud-input-error").AllInnerTextsAsync();
            throw new InvalidOperationException($"Still at {page.Url}; the page showed: {string.Join(" | ", shown)}", e);
        }
    }

    public async Task RegisterAndConfirmAsync(string email, string password)
    {
        await GoToAsync("/Account/Register");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await page.GetByTestId("confirm-email-link").ClickAsync();
        await Assertions.Expect(page.GetByText("Thank you for confirming your email")).ToBeVisibleAsync();
    }

    public async Task LogInAsync(string email, string password)
    {
        await GoToAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    public async Task LogOutAsync()
    {
        await page.GetByTestId("user-menu").Locator("button").First.ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    /// <summary>Also the end of a step: what the policy blocked on the page so far fails the journey.</summary>
    public async Task ScreenshotAsync(string area)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{screenshotPrefix}-{area}.png"), FullPage = true });
        Assert.Empty(policyViolations);
    }
}
