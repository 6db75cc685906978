using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Microsoft.Playwright;
using TrustVault.Core.Data.Seeding;

namespace TrustVault.Bench;

/// <summary>
/// What a visitor costs the server (docs/decisions/0031): TrustVault from the Release build takes anonymous GETs of the
/// home page, the catalog and a listing (static pages, no circuit), then the demo customer opens console pages in
/// Chromium tabs, each holding one Blazor circuit. After each step a full GC is induced in the app over EventPipe (as
/// dotnet-gcdump does) and its GC heap and resident set are read: the growth divided by the views or circuits is what
/// each one keeps. Also the time to the first byte and to the whole page of / and /catalog on the warm server.
/// </summary>
internal static class PageMemory
{
    private static readonly string[] VisitorPages = ["/", "/catalog", "/catalog/skycast-weather"];

    public static async Task RunAsync(int circuits, int views)
    {
        await using var store = await GatewayStore.StartAsync(GatewayStore.Sqlite);
        // Development serves the framework's and MudBlazor's scripts from the build output, as the E2E suite runs the app.
        var trustVault = await GatewayLoad.StartTrustVaultAsync(store, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
        try
        {
            var server = trustVault.Process;
            using var http = new HttpClient { BaseAddress = new Uri(trustVault.Address), Timeout = TimeSpan.FromMinutes(1) };
            var context = await browser.NewContextAsync(new() { BaseURL = trustVault.Address });
            await LogInAsync(await context.NewPageAsync());

            // Warm: every page once, and one circuit opened and left, so that what is measured is the steady state.
            foreach (var path in VisitorPages)
            {
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
            }

            var warm = await OpenCircuitAsync(context);
            await warm.CloseAsync();

            var start = await MeasureAsync(server);
            for (var view = 0; view < views; view++)
            {
                (await http.GetAsync(VisitorPages[view % VisitorPages.Length])).EnsureSuccessStatusCode();
            }

            var afterViews = await MeasureAsync(server);
            var pages = new List<IPage>();
            for (var circuit = 0; circuit < circuits; circuit++)
            {
                pages.Add(await OpenCircuitAsync(context));
            }

            var afterCircuits = await MeasureAsync(server);
            var firstBytes = await TimeToFirstByteAsync(http);

            Console.WriteLine($"server memory per visitor, after an induced full GC, {Environment.ProcessorCount} cores");
            Console.WriteLine("| step | GC heap | RSS | GC heap growth each | RSS growth each |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Console.WriteLine(Row("start (warm)", start, start, 1));
            Console.WriteLine(Row($"{views} anonymous GETs of /, /catalog, a listing", afterViews, start, views));
            Console.WriteLine(Row($"{circuits} signed-in console tabs (one circuit each)", afterCircuits, afterViews, circuits));
            Console.WriteLine();
            Console.WriteLine("warm server, anonymous GET, 20 requests each");
            Console.WriteLine("| page | first byte, median | whole page, median | whole page, slowest | size |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var line in firstBytes)
            {
                Console.WriteLine(line);
            }

            foreach (var page in pages)
            {
                await page.CloseAsync();
            }
        }
        finally
        {
            trustVault.Process.Kill(entireProcessTree: true);
            await trustVault.Process.WaitForExitAsync();
            trustVault.Dispose();
        }
    }

    private static async Task LogInAsync(IPage page)
    {
        var customer = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(customer.Email);
        await page.GetByLabel("Password").FillAsync(customer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    private static async Task<IPage> OpenCircuitAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 120_000 });
        return page;
    }

    private static string Row(string step, Memory now, Memory before, int count) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {step} | {now.Heap / 1_048_576.0:F1} MB | {now.Resident / 1_048_576.0:F1} MB | {(now.Heap - before.Heap) / 1024.0 / count:F1} KB | {(now.Resident - before.Resident) / 1024.0 / count:F1} KB |");

    private static async Task<List<string>> TimeToFirstByteAsync(HttpClient http)
    {
        var lines = new List<string>();
        foreach (var path in new[] { "/", "/catalog" })
        {
            var firstByte = new List<double>();
            var whole = new List<double>();
            var size = 0;
            for (var request = 0; request < 20; request++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[64 * 1024];
                var read = await body.ReadAsync(buffer);
                firstByte.Add(clock.Elapsed.TotalMilliseconds);
                size = read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    size += read;
                }

                whole.Add(clock.Elapsed.TotalMilliseconds);
            }

            firstByte.Sort();
            whole.Sort();
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {path} | {firstByte[10]:F0} ms | {whole[10]:F0} ms | {whole[^1]:F0} ms | {size / 1024.0:F0} KB |"));
        }

        return lines;
    }

    private sealed record Memory(long Heap, long Resident);

    private static async Task<Memory> MeasureAsync(Process server)
    {
        var heap = await InducedGcHeapAsync(server.Id);
        server.Refresh();
        return new Memory(heap, server.WorkingSet64);
    }

    /// <summary>
    /// Enabling the runtime's GCHeapCollect keyword makes the app run a full blocking GC; the heap statistics it then
    /// reports (generations 0-2, the large and the pinned object heap) are what live objects hold.
    /// </summary>
    private static async Task<long> InducedGcHeapAsync(int processId)
    {
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        var client = new DiagnosticsClient(processId);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var source = new EventPipeEventSource(session.EventStream);
        var induced = false;
        source.Clr.GCStart += e => induced |= e.Reason == GCReason.Induced;
        source.Clr.GCHeapStats += e =>
        {
            if (induced)
            {
                heap.TrySetResult(e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4);
            }
        };
        var reading = Task.Run(source.Process);
        var result = await heap.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await session.StopAsync(CancellationToken.None);
        await reading;
        return result;
    }
}
