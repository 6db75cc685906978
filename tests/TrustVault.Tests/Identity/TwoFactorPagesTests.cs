using System.Net;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Account;

namespace TrustVault.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class TwoFactorPagesTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Theory]
    [InlineData("/Account/Manage/Disable2fa", "Two-factor authentication is already disabled.")]
    [InlineData("/Account/Manage/GenerateRecoveryCodes", "Recovery codes need two-factor authentication")]
    public async Task A_page_for_two_factor_users_sends_a_user_without_it_to_the_two_factor_page_with_a_message(string path, string message)
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Manage/TwoFactorAuthentication", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var page = await client.GetStringAsync("/Account/Manage/TwoFactorAuthentication");
        Assert.Contains(message, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_authenticator_page_shows_a_qr_code_to_scan_and_no_template_note()
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var page = await client.GetStringAsync("/Account/Manage/EnableAuthenticator");

        Assert.Matches("data-testid=\"authenticator-qr\"[^>]*><svg ", page);
        Assert.DoesNotContain("enable QR code generation", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.AspNetCore.Identity.UI", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_authenticator_entry_is_filed_under_TrustVault() => Assert.Equal(
        "otpauth://totp/TrustVault:j%C3%BCrgen%2Btag%40example.com?secret=ABCD&issuer=TrustVault&digits=6",
        AuthenticatorQrCode.Uri("jürgen+tag@example.com", "ABCD"));
}
