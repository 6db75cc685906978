using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Tests.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

/// <summary>A fresh database whose named first administrator has no account yet: one of the accounts will change to it.</summary>
public sealed class InitialAdministratorByEmailChangeFactory : TrustVaultFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Admin:InitialEmail", FreshDatabaseFactory.InitialAdmin);
    }
}

[Collection(AppCollection.Name)]
public sealed class InitialAdministratorByEmailChangeTests(InitialAdministratorByEmailChangeFactory factory) : IClassFixture<InitialAdministratorByEmailChangeFactory>
{
    private const string Password = "Str0ng!Passw0rd";

    [Fact]
    public async Task An_account_that_changes_its_address_to_Admin_InitialEmail_becomes_administrator_when_it_confirms_the_change()
    {
        string userId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = new ApplicationUser { UserName = "renaming@example.com", Email = "renaming@example.com", EmailConfirmed = true };
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password)).Succeeded);
            userId = user.Id;
        }

        var client = factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LogInAsync("renaming@example.com", Password)).StatusCode);
        var request = await client.SubmitFormAsync("/Account/Manage/Email", "change-email", new Dictionary<string, string>
        {
            ["Input.NewEmail"] = FreshDatabaseFactory.InitialAdmin,
        });
        Assert.Contains("Confirmation link to change email sent", await request.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await factory.SendQueuedEmailAsync();
        Assert.False(await IsAdminAsync(userId));

        var page = await client.GetStringAsync(new Uri(factory.Emails.LinkSentTo(FreshDatabaseFactory.InitialAdmin)).PathAndQuery);

        Assert.Contains("Thank you for confirming your email change.", page, StringComparison.Ordinal);
        Assert.True(await IsAdminAsync(userId));
        await using var db = await DbAsync();
        Assert.Single(await db.AuditEntries.Where(e => e.Action == "user.admin-granted" && e.EntityId == userId).ToListAsync());
        // Granted before the sign-in was refreshed: the session that confirmed the change is the administrator's.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
    }

    private async Task<TrustVaultDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    private async Task<bool> IsAdminAsync(string userId)
    {
        await using var db = await DbAsync();
        return await db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PlatformRoles.Admin));
    }
}
