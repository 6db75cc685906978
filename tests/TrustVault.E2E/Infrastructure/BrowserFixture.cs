using Microsoft.Playwright;

namespace TrustVault.E2E.Infrastructure;

/// <summary>One app and one Chromium for the whole suite; each test gets its own browser context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // Debian's chromium: Playwright cannot download its own browser here. The flags keep it off the network.
    internal static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? playwright;

    public AppServer App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private const float DefaultTimeoutMs = 45_000;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // Assertions wait as long as actions do (5 s by default): CI runs the journeys on a loaded 2-core machine,
        // where the first call of a code path (JIT, EF query compilation) can take seconds, and a navigation on a
        // machine busy with other work took over 15 s. A passing check waits no longer for a longer limit.
        Assertions.SetDefaultExpectTimeout(DefaultTimeoutMs);
        App = await AppServer.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (own cookies) sized like the given screen.</summary>
    /// <param name="bypassContentSecurityPolicy">
    /// Lets the test add scripts of its own (axe-core) to the pages; the policy's own checks are then off in this context.
    /// </param>
    public async Task<IPage> NewPageAsync(int width, int height, bool bypassContentSecurityPolicy = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = bypassContentSecurityPolicy,
        });
        context.SetDefaultTimeout(DefaultTimeoutMs);
        // Production machines may have no outside network, so every asset must come from the app: a request that
        // would leave its origin is refused here, and the refusal fails the journey (see Site).
        var origin = App.BaseAddress.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync(url => !IsOfOrigin(url, origin), route => route.AbortAsync(OutsideRequestError));
        return await context.NewPageAsync();
    }

    /// <summary>The start of the error an outside request fails with, as the page reports it (Chromium appends ".Inspector").</summary>
    public const string OutsideRequestFailure = "net::ERR_BLOCKED_BY_CLIENT";

    private const string OutsideRequestError = "blockedbyclient";

    private static bool IsOfOrigin(string url, string origin) =>
        url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal)
        || url == origin || url.StartsWith(origin + "/", StringComparison.Ordinal);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
