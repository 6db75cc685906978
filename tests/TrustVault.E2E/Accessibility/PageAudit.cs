using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TrustVault.E2E.Infrastructure;

namespace TrustVault.E2E.Accessibility;

/// <summary>
/// Walks pages in both themes at desktop and phone width, in one browser context, and collects what stops people from
/// using them: axe-core's critical and serious WCAG 2.2 AA violations, the page-structure rules issue 21 names, and a
/// page that scrolls sideways on a phone.
/// </summary>
public sealed class PageAudit
{
    public static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };

    public static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    // WCAG 2.0 to 2.2, levels A and AA.
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    // Best practice rather than WCAG rules, which axe-core calls moderate; but a screen reader user navigates by landmarks
    // and headings, so these fail the walk too.
    private static readonly string[] StructureRules = ["landmark-one-main", "heading-order", "page-has-heading-one"];

    private static readonly Lazy<string> AxeSource = new(ReadAxe);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IPage page;
    private readonly Uri baseAddress;
    private readonly List<string> findings = [];

    public PageAudit(IPage page, Uri baseAddress)
    {
        this.page = page;
        this.baseAddress = baseAddress;
    }

    /// <summary>
    /// Each page in light and dark theme (reloaded, as the server picks the theme), each at 1440 px and then, resized
    /// without a reload as a turned tablet would be, at 375 px.
    /// </summary>
    public async Task WalkAsync(IReadOnlyList<string> paths)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "tv-theme", Value = theme, Url = baseAddress.ToString() }]);
            foreach (var path in paths)
            {
                await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
                await OpenAsync(path);
                await CheckAsync($"{path} ({theme}, {Desktop.Width} px)");

                await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
                await ExpectNavigationDrawerClosedAsync();
                await CheckAsync($"{path} ({theme}, {Phone.Width} px)");
            }
        }
    }

    /// <summary>Checks the page as it is now (after a form was sent, say), under the given name.</summary>
    public async Task CheckAsync(string name)
    {
        // A page just loaded on a loaded machine can still be laying out (a static page's app bar and drawer settle by CSS
        // and script after the first paint): a finding counts when it is still there after a few audits a second apart.
        var violations = await FindViolationsAsync();
        for (var retry = 0; retry < 3 && violations.Length > 0; retry++)
        {
            await Task.Delay(1000);
            violations = await FindViolationsAsync();
        }

        foreach (var violation in violations)
        {
            findings.Add($"{name}: {violation.Rule} ({violation.Impact}: {violation.Help}) at {string.Join(" | ", violation.Targets.Take(5))}, first {violation.Html}");
        }

        // Right after a resize the layout may still be moving (a static page's app bar trading its drawer for links, 3–4 px
        // for a moment on a loaded machine): a page fits a phone when it settles within the wait, and is named if it does not.
        // The wait is generous because only a page that really overflows sits it out, and that page fails the walk anyway.
        try
        {
            await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
        }

        var overflow = await page.EvaluateAsync<string?>(OverflowScript);
        if (overflow is not null)
        {
            findings.Add($"{name}: scrolls sideways, {overflow}");
        }
    }

    /// <summary>Fails with every finding of the walk, one line each: page, rule and where.</summary>
    public void AssertNoFindings() =>
        Assert.True(findings.Count == 0, $"{findings.Count} accessibility or layout problems:\n{string.Join("\n", findings)}");

    private async Task OpenAsync(string path)
    {
        await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // The app's own pages become interactive after the prerender and then load their data, or are static (the pages
        // anonymous visitors browse): audit what the user ends up with. The Identity pages have no such mark.
        if (await page.Locator("[data-interactive]").CountAsync() > 0)
        {
            await page.Locator(Site.Ready).WaitForAsync();
            await Assertions.Expect(page.GetByTestId("loading")).ToHaveCountAsync(0);
        }
    }

    // On a phone the app's navigation drawer gets out of the way; audit the page once it has.
    private async Task ExpectNavigationDrawerClosedAsync()
    {
        var drawer = page.GetByTestId("nav-drawer");
        if (await drawer.CountAsync() == 0)
        {
            return;
        }

        // A static page has no circuit to close it: MudBlazor's CSS folds it away (mud-drawer--initial) instead.
        if (await page.Locator("[data-interactive=static]").CountAsync() > 0)
        {
            await Assertions.Expect(drawer).ToBeHiddenAsync();
        }
        else
        {
            await Assertions.Expect(drawer).ToHaveClassAsync(new Regex("mud-drawer--closed"));
        }
    }

    private async Task<Violation[]> FindViolationsAsync() =>
        JsonSerializer.Deserialize<Violation[]>(await RunAxeAsync(), Json)!
            .Where(v => v.Impact is "critical" or "serious" || StructureRules.Contains(v.Rule))
            .ToArray();

    private async Task<string> RunAxeAsync()
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Content = AxeSource.Value });
        }

        return await page.EvaluateAsync<string>(
            """
            async ([tags, structureRules]) => {
                const rules = Object.fromEntries(structureRules.map(rule => [rule, { enabled: true }]));
                const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
                return JSON.stringify(result.violations.map(v => ({
                    rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')), html: v.nodes[0].html.slice(0, 160) })));
            }
            """,
            new object[] { Tags, StructureRules });
    }

    // The outermost elements that reach past the right edge name the culprit.
    private const string OverflowScript =
        """
        () => {
            const root = document.documentElement;
            if (root.scrollWidth <= root.clientWidth) return null;
            const edge = root.clientWidth + 1;
            const beyond = e => e.getBoundingClientRect().right > edge;
            const describe = e => e.tagName.toLowerCase()
                + (e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : '')
                + [...e.classList].slice(0, 3).map(c => '.' + c).join('');
            const culprits = [...document.body.querySelectorAll('*')]
                .filter(e => beyond(e) && !(e.parentElement && beyond(e.parentElement)))
                .slice(0, 5).map(describe);
            return `scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}: ${culprits.join(' | ')}`;
        }
        """;

    private static string ReadAxe()
    {
        var file = Path.Combine(AppServer.SolutionRoot(), "tests", "TrustVault.E2E", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(file)
            ? File.ReadAllText(file)
            : throw new FileNotFoundException("axe-core is missing: run `npm ci` in tests/TrustVault.E2E (test.sh does).", file);
    }

    private sealed record Violation(string Rule, string Impact, string Help, string[] Targets, string Html);
}
