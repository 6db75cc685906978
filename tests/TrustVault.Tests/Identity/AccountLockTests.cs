using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Platform;

namespace TrustVault.Tests.Identity;

/// <summary>What an administrator's lock does to the account in the running app: sign-in and the platform API refuse it.</summary>
[Collection(AppCollection.Name)]
public sealed class AccountLockTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private const string Password = "Str0ng!Passw0rd";

    private Task<string> AddConfirmedUserAsync(string email) => factory.WithAsync(async services =>
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await services.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password)).Succeeded);
        await services.GetRequiredService<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
        return user.Id;
    });

    private Task LockAsync(string userId) => factory.WithAsync(async services =>
    {
        var admin = await DemoAccounts.UserIdAsync(services, DemoAccountKind.Admin);
        await services.GetRequiredService<UserAdministrationService>().LockAsync(admin, userId, CancellationToken.None);
        return true;
    });

    [Fact]
    public async Task A_locked_account_is_refused_sign_in_even_with_the_right_password()
    {
        var userId = await AddConfirmedUserAsync("locked-sign-in@example.com");

        await LockAsync(userId);

        var response = await factory.CreateBrowser().LogInAsync("locked-sign-in@example.com", Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/Lockout", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_locked_accounts_personal_access_token_gets_401_on_the_platform_api()
    {
        var userId = await AddConfirmedUserAsync("locked-token@example.com");
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.TokenAsync(userId, TokenScopes.Read));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/organizations")).StatusCode);

        await LockAsync(userId);

        var refused = await api.GetAsync("/api/v1/organizations");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("account is locked", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
