using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Data;

/// <summary>The app started as a production deployment starts it: no demo data, the first administrator named in the settings.</summary>
public sealed class FreshDatabaseFactory : TrustVaultFactory
{
    public const string InitialAdmin = "ops@market.example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Admin:InitialEmail", InitialAdmin);
    }
}

[Collection(AppCollection.Name)]
public sealed class FreshDatabaseTests(FreshDatabaseFactory factory) : IClassFixture<FreshDatabaseFactory>
{
    private async Task<TrustVaultDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    private async Task RegisterAndConfirmAsync(HttpClient client, string email)
    {
        await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });
        await factory.SendQueuedEmailAsync();
        var page = await client.GetStringAsync(new Uri(factory.Emails.LinkSentTo(email)).PathAndQuery);
        Assert.Contains("Thank you for confirming your email", page, StringComparison.Ordinal);
    }

    private async Task<bool> IsAdminAsync(string email)
    {
        await using var db = await DbAsync();
        var normalized = email.ToUpperInvariant();
        return await db.UserRoles.AnyAsync(ur => db.Users.Any(u => u.Id == ur.UserId && u.NormalizedEmail == normalized)
            && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PlatformRoles.Admin));
    }

    [Fact]
    public async Task A_new_database_without_demo_data_has_the_admin_role_and_the_first_party_apis_in_the_catalog()
    {
        var client = factory.CreateBrowser();

        var catalog = await client.GetStringAsync("/catalog");
        var listing = await client.GetAsync("/catalog/ai-analytics");

        Assert.Contains("AI Analytics", catalog, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        await using var db = await DbAsync();
        Assert.True(await db.Roles.AnyAsync(r => r.Name == PlatformRoles.Admin));
        Assert.Equal(4, await db.Listings.ForOrganization(PlatformOrganization.Id).CountAsync(l => l.IsFirstParty && l.Status == ListingStatus.Published));
    }

    [Fact]
    public async Task The_account_named_by_Admin_InitialEmail_becomes_administrator_when_it_confirms_its_address_and_another_does_not()
    {
        var client = factory.CreateBrowser();

        await RegisterAndConfirmAsync(client, "first.customer@example.com");
        await RegisterAndConfirmAsync(client, FreshDatabaseFactory.InitialAdmin);

        Assert.True(await IsAdminAsync(FreshDatabaseFactory.InitialAdmin));
        Assert.False(await IsAdminAsync("first.customer@example.com"));
    }
}
