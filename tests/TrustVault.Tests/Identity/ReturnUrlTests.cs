using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class ReturnUrlTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private static readonly Uri App = new("http://localhost/");

    public static TheoryData<string> ForeignReturnUrls() =>
    [
        "https://evil.example/",
        "http://localhost.evil.example/",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "https:evil.example",
        " //evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ];

    [Theory]
    [MemberData(nameof(ForeignReturnUrls))]
    public async Task Signing_in_with_a_foreign_return_url_goes_home_signed_in(string returnUrl)
    {
        var client = factory.CreateBrowser();

        var response = await SignInAsync(client, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(App, new Uri(App, response.Headers.Location!));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Manage")).StatusCode);
    }

    [Theory]
    [InlineData("/console/keys", "http://localhost/console/keys")]
    [InlineData("catalog?q=weather", "http://localhost/catalog?q=weather")]
    [InlineData("http://localhost/organization", "http://localhost/organization")]
    public async Task Signing_in_with_a_local_return_url_goes_there(string returnUrl, string expected)
    {
        var response = await SignInAsync(factory.CreateBrowser(), returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(expected), new Uri(App, response.Headers.Location!));
    }

    [Theory]
    [MemberData(nameof(ForeignReturnUrls))]
    public async Task Logging_out_with_a_foreign_return_url_goes_home(string returnUrl)
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var response = await client.LogOutAsync(returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(App, new Uri(App, response.Headers.Location!));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/Manage")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(ForeignReturnUrls))]
    public async Task Registering_with_a_foreign_return_url_still_asks_to_confirm_the_address(string returnUrl)
    {
        var response = await factory.CreateBrowser().SubmitFormAsync($"/Account/Register?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = $"return.{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/RegisterConfirmation", new Uri(App, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task The_two_factor_page_passes_the_return_url_on_whole_to_the_recovery_code_page()
    {
        var email = $"two.factor.{Guid.NewGuid():N}@example.com";
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, "Str0ng!Passw0rd")).Succeeded);
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var client = factory.CreateBrowser();
        var signIn = await client.SubmitFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString("/catalog?q=a&sort=new")}", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Str0ng!Passw0rd",
        });
        Assert.Equal("/Account/LoginWith2fa", new Uri(App, signIn.Headers.Location!).AbsolutePath);

        var page = await client.GetStringAsync(signIn.Headers.Location);

        Assert.Contains("Account/LoginWithRecoveryCode?ReturnUrl=%2Fcatalog%3Fq%3Da%26sort%3Dnew\"", page, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string returnUrl)
    {
        var provider = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Provider);
        return client.SubmitFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = provider.Email,
            ["Input.Password"] = provider.Password,
        });
    }
}
