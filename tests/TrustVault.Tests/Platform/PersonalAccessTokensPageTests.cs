using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Platform;

/// <summary>The account settings page where people make and revoke their personal access tokens.</summary>
[Collection(AppCollection.Name)]
public sealed partial class PersonalAccessTokensPageTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private const string Page = "/Account/Manage/PersonalAccessTokens";

    private async Task<HttpClient> SignedInAsync()
    {
        var browser = factory.CreateBrowser();
        await browser.LogInAsync(DemoAccountKind.Customer);
        return browser;
    }

    private async Task<HttpStatusCode> CallApiAsync(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/organizations")).StatusCode;
    }

    [Fact]
    public async Task The_settings_menu_links_to_the_page()
    {
        var browser = await SignedInAsync();

        var html = await browser.GetStringAsync("/Account/Manage");

        Assert.Contains("href=\"Account/Manage/PersonalAccessTokens\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_created_on_the_page_is_shown_once_works_and_stops_working_when_revoked()
    {
        var browser = await SignedInAsync();

        var created = await browser.SubmitFormAsync(Page, "create-token", new Dictionary<string, string>
        {
            ["Input.Name"] = "page test",
            ["Input.Scope"] = "Read",
            ["Input.ExpiresInDays"] = "30",
        });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var html = await created.Content.ReadAsStringAsync();
        var secret = Secret().Match(html).Groups[1].Value;
        Assert.StartsWith("tvp_", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(secret));
        var listed = await browser.GetStringAsync(Page);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Contains(secret[..16], listed, StringComparison.Ordinal);

        // Revoking asks first, saying what happens; the token works until confirmed.
        var tokenId = RevokeLink().Match(listed).Groups[1].Value;
        var confirming = $"{Page}?revoke={tokenId}";
        Assert.Contains("stops working now: every call with it is refused from this moment", await browser.GetStringAsync(confirming), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await CallApiAsync(secret));
        var revoked = await browser.SubmitFormAsync(confirming, $"revoke-{tokenId}", new Dictionary<string, string> { ["RevokeTokenId"] = tokenId });

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallApiAsync(secret));
        Assert.Contains("Revoked", await browser.GetStringAsync(Page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_the_form_again_after_a_reload_issues_no_second_token()
    {
        var browser = await SignedInAsync();
        var form = new Dictionary<string, string>
        {
            ["Input.Name"] = $"reloaded {Guid.NewGuid():N}",
            ["Input.Scope"] = "Read",
            ["Input.ExpiresInDays"] = "30",
        };

        await browser.SubmitFormAsync(Page, "create-token", form);
        var again = await (await browser.SubmitFormAsync(Page, "create-token", form)).Content.ReadAsStringAsync();

        Assert.Contains("You already have an active token named", again, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"new-token-secret\"", again, StringComparison.Ordinal);
        Assert.Single(NameCell().Matches(await browser.GetStringAsync(Page)), m => m.Groups[1].Value == form["Input.Name"]);
    }

    [Fact]
    public async Task A_nameless_token_is_refused_with_a_message_next_to_the_field()
    {
        var browser = await SignedInAsync();

        var response = await browser.SubmitFormAsync(Page, "create-token", new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.Scope"] = "Read",
            ["Input.ExpiresInDays"] = "30",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Name the token", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"new-token-secret\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("99999999")]
    [InlineData("-99999999")]
    public async Task An_expiry_beyond_a_year_is_refused_by_the_same_rule_as_the_service(string days)
    {
        var browser = await SignedInAsync();

        var response = await browser.SubmitFormAsync(Page, "create-token", new Dictionary<string, string>
        {
            ["Input.Name"] = "forever",
            ["Input.Scope"] = "Write",
            ["Input.ExpiresInDays"] = days,
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("at most 365 days away", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"new-token-secret\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<td>(reloaded [0-9a-f]{32})</td>")]
    private static partial Regex NameCell();

    [GeneratedRegex("data-testid=\"new-token-secret\">(tvp_[^<]+)<")]
    private static partial Regex Secret();

    [GeneratedRegex("PersonalAccessTokens\\?revoke=([0-9a-f-]{36})")]
    private static partial Regex RevokeLink();
}
