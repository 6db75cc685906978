using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Security;

[Collection(AppCollection.Name)]
public sealed partial class SecurityHeadersTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    // A page's answer lets its own inline scripts run by a nonce; an answer that is not a page runs none.
    [Theory]
    [InlineData("/", "^'self' 'nonce-[A-Za-z0-9+/=]{24}'$")]
    [InlineData("/catalog", "^'self' 'nonce-[A-Za-z0-9+/=]{24}'$")]
    [InlineData("/Account/Login", "^'self' 'nonce-[A-Za-z0-9+/=]{24}'$")]
    [InlineData("/no-such-page", "^'self' 'nonce-[A-Za-z0-9+/=]{24}'$")]
    [InlineData("/api/v1/organizations", "^'self'$")]
    [InlineData("/gw/no-such-listing/anything", "^'self'$")]
    [InlineData("/favicon.png", "^'self'$")]
    public async Task Every_answer_forbids_framing_sniffing_eval_and_foreign_scripts(string path, string scriptSources)
    {
        var response = await factory.CreateBrowser().GetAsync(path);

        var policy = Directives(response);
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Matches(scriptSources, policy["script-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["base-uri"]);
        Assert.DoesNotContain(policy.Values, v => v.Contains("unsafe-eval", StringComparison.Ordinal));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Only_the_api_reference_runs_inline_scripts_and_still_no_eval()
    {
        var response = await factory.CreateBrowser().GetAsync("/api/docs/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Directives(response);
        Assert.Equal("'self' 'unsafe-inline'", policy["script-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.DoesNotContain(policy.Values, v => v.Contains("unsafe-eval", StringComparison.Ordinal));
        Assert.Contains("\"withDefaultFonts\":false", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_inline_scripts_carry_the_answers_nonce()
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Admin);

        foreach (var path in new[] { "/", "/catalog", "/Account/Login", "/admin/jobs" })
        {
            var response = await client.GetAsync(path);
            var nonce = NonceSource().Match(Directives(response)["script-src"]).Groups[1].Value;
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

            Assert.All(page.Scripts.Where(s => string.IsNullOrEmpty(s.Source)), script => Assert.Equal(nonce, script.GetAttribute("nonce")));
        }
    }

    [Fact]
    public async Task Each_answer_has_a_new_nonce()
    {
        var client = factory.CreateBrowser();

        var first = Directives(await client.GetAsync("/"))["script-src"];
        var second = Directives(await client.GetAsync("/"))["script-src"];

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Kestrel_does_not_name_itself()
    {
        Assert.False(factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_secure_over_https()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/Account/Login");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static Dictionary<string, string> Directives(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Content-Security-Policy"))
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceSource();
}
