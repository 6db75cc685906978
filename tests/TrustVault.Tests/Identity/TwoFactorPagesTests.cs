using System.Net;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

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
}
