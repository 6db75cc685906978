using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Identity;

namespace TrustVault.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class LockoutTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    /// <summary>Wrong passwords, each answered as any failed sign-in, until one more locks the address.</summary>
    private async Task FailUntilOneShortOfLockoutAsync(HttpClient client, string email)
    {
        var attempts = factory.Services.GetRequiredService<IOptions<AccountsOptions>>().Value.MaxFailedAccessAttempts;
        for (var i = 1; i < attempts; i++)
        {
            var failed = await client.LogInAsync(email, "wrong-password");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Contains("Invalid login attempt", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_account_locks_after_the_configured_number_of_failed_sign_ins_and_refuses_even_the_right_password()
    {
        var customer = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer);
        var client = factory.CreateBrowser();

        await FailUntilOneShortOfLockoutAsync(client, customer.Email);

        var last = await client.LogInAsync(customer.Email, "wrong-password");
        Assert.Contains("Account/Lockout", last.Headers.Location!.ToString(), StringComparison.Ordinal);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(customer.Email))!));
        }

        var withRightPassword = await client.LogInAsync(customer.Email, customer.Password);
        Assert.Equal(HttpStatusCode.Redirect, withRightPassword.StatusCode);
        Assert.Contains("Account/Lockout", withRightPassword.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_email_is_locked_out_after_as_many_failed_sign_ins_as_an_account()
    {
        var client = factory.CreateBrowser();

        await FailUntilOneShortOfLockoutAsync(client, "nobody@example.com");

        var last = await client.LogInAsync("Nobody@Example.com", "wrong-password");
        Assert.Contains("Account/Lockout", last.Headers.Location!.ToString(), StringComparison.Ordinal);

        var again = await client.LogInAsync("nobody@example.com", "another-password");
        Assert.Contains("Account/Lockout", again.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_with_an_unconfirmed_email_locks_after_as_many_failed_sign_ins_as_any_other()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = new ApplicationUser { UserName = "unconfirmed@example.com", Email = "unconfirmed@example.com" };
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, "Str0ng!Passw0rd")).Succeeded);
        }

        var client = factory.CreateBrowser();
        await FailUntilOneShortOfLockoutAsync(client, "unconfirmed@example.com");

        var last = await client.LogInAsync("unconfirmed@example.com", "wrong-password");
        Assert.Contains("Account/Lockout", last.Headers.Location!.ToString(), StringComparison.Ordinal);

        var withRightPassword = await client.LogInAsync("unconfirmed@example.com", "Str0ng!Passw0rd");
        Assert.Contains("Account/Lockout", withRightPassword.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fewer_failures_than_the_limit_do_not_lock_the_account()
    {
        var provider = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Provider);
        var client = factory.CreateBrowser();

        await client.LogInAsync(provider.Email, "wrong-password");
        var response = await client.LogInAsync(provider.Email, provider.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Lockout", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
