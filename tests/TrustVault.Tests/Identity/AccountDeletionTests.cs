using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Identity;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

/// <summary>The app with sessions that check their account on every request, so a test sees at once what a minute brings.</summary>
public sealed class SessionCheckingFactory : TrustVaultFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Accounts:SessionValidationInterval", "00:00:00");
    }
}

[Collection(AppCollection.Name)]
public sealed class AccountDeletionTests(SessionCheckingFactory factory) : IClassFixture<SessionCheckingFactory>
{
    private const string Password = "Erin#Deletes2026";

    [Fact]
    public async Task Deleting_an_account_closes_the_organizations_only_it_belonged_to_and_ends_its_other_sessions()
    {
        var email = $"erin-{Guid.NewGuid():N}@example.com";
        string key;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            var organization = await scope.ServiceProvider.GetRequiredService<OrganizationService>().EnsurePersonalOrganizationAsync(user.Id, CancellationToken.None);
            key = (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(user.Id, organization, "scripts", null, false, CancellationToken.None)).Secret;
        }

        var deleting = factory.CreateBrowser();
        var other = factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await deleting.LogInAsync(email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.LogInAsync(email, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/console")).StatusCode);

        var deleted = await deleting.SubmitFormAsync("/Account/Manage/DeletePersonalData", "delete-user", new Dictionary<string, string> { ["Input.Password"] = Password });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var call = factory.CreateClient();
        call.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await call.GetAsync("/gw/ai-analytics/v1/ping")).StatusCode);
        var afterwards = await other.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Equal("/Account/Login", afterwards.Headers.Location!.AbsolutePath);
    }
}
