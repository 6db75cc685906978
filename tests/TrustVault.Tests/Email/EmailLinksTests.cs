using Microsoft.Extensions.Options;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Email;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Email;

namespace TrustVault.Tests.Email;

/// <summary>Where the links in mail point: the configured public address, else the app's own, never the request's Host.</summary>
[Collection(AppCollection.Name)]
public sealed class EmailLinksTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Fact]
    public async Task A_reset_asked_for_under_another_host_mails_a_link_to_the_platform()
    {
        var customer = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer);
        var browser = factory.CreateBrowser();
        browser.DefaultRequestHeaders.Host = "evil.example";

        await browser.SubmitFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = customer.Email });
        await factory.SendQueuedEmailAsync();

        Assert.StartsWith("http://localhost/Account/ResetPassword?code=", factory.Emails.LinkSentTo(customer.Email), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://market.example.com", "https://market.example.com/Account/ResetPassword")]
    [InlineData("https://example.com/market/", "https://example.com/market/Account/ResetPassword")]
    public void Links_start_with_the_configured_public_address(string configured, string expected) =>
        Assert.Equal(expected, Links(configured, "http://127.0.0.1:5000").To("Account/ResetPassword"));

    [Theory]
    [InlineData("http://127.0.0.1:5072", "http://127.0.0.1:5072/Account/ConfirmEmail")]
    [InlineData("http://[::]:8080", "http://localhost:8080/Account/ConfirmEmail")]
    [InlineData("http://0.0.0.0:80", "http://localhost/Account/ConfirmEmail")]
    [InlineData("http://+:8080", "http://localhost:8080/Account/ConfirmEmail")]
    public void Without_one_links_start_with_the_address_the_app_listens_on(string listening, string expected) =>
        Assert.Equal(expected, Links(null, listening).To("Account/ConfirmEmail"));

    [Fact]
    public void An_https_address_the_app_listens_on_comes_before_a_plain_one() =>
        Assert.Equal("https://localhost:5001/Account/ConfirmEmail", Links(null, "http://localhost:5000", "https://localhost:5001").To("Account/ConfirmEmail"));

    [Theory]
    [InlineData("market.example.com")]
    [InlineData("ftp://market.example.com")]
    [InlineData("https://market.example.com/?next=1")]
    [InlineData("https://user@market.example.com")]
    public void A_public_address_that_cannot_start_a_link_is_refused(string value) => Assert.False(EmailLinks.IsBaseAddress(value));

    private static EmailLinks Links(string? publicBaseUrl, params string[] listening) =>
        new(Options.Create(new EmailOptions { PublicBaseUrl = publicBaseUrl }), new ListeningServer(listening));
}
