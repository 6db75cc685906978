using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

/// <summary>Links from account e-mails that a mail client cut or someone edited.</summary>
[Collection(AppCollection.Name)]
public sealed class AccountLinkTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    // Not Base64url: a character outside its alphabet, and a length no encoding produces.
    public static TheoryData<string> MalformedCodes => ["%25%25%25", "abcde"];

    [Theory]
    [MemberData(nameof(MalformedCodes))]
    public async Task A_malformed_confirmation_code_is_an_invalid_link(string code)
    {
        var userId = await CustomerIdAsync();

        var response = await factory.CreateBrowser().GetAsync($"/Account/ConfirmEmail?userId={userId}&code={code}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("this confirmation link is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confirmation_link_for_an_unknown_account_reads_as_any_invalid_link()
    {
        var response = await factory.CreateBrowser().GetAsync($"/Account/ConfirmEmail?userId={Guid.NewGuid()}&code=abcd");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("this confirmation link is not valid", page, StringComparison.Ordinal);
        Assert.Contains("Account/ResendEmailConfirmation", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedCodes))]
    public async Task A_malformed_email_change_code_is_an_invalid_link(string code)
    {
        var userId = await CustomerIdAsync();

        var response = await factory.CreateBrowser().GetAsync($"/Account/ConfirmEmailChange?userId={userId}&email=x@example.com&code={code}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Error changing email.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedCodes))]
    public async Task A_malformed_password_reset_code_leads_to_the_invalid_reset_page(string code)
    {
        var response = await factory.CreateBrowser().GetAsync($"/Account/ResetPassword?code={code}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/InvalidPasswordReset", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> CustomerIdAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await DemoAccounts.UserIdAsync(scope.ServiceProvider, DemoAccountKind.Customer);
    }
}
