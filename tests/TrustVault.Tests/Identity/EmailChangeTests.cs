using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class EmailChangeTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private const string Password = "Str0ng!Passw0rd";

    [Fact]
    public async Task The_new_address_gets_a_change_confirmation_whose_link_changes_the_address()
    {
        var client = await SignedInAsNewUserAsync("moving@example.com");

        await RequestChangeAsync(client, "moved@example.com");

        var mail = factory.Emails.Sent.Last(m => m.To == "moved@example.com");
        Assert.Equal("Confirm your new TrustVault e-mail address", mail.Subject);
        Assert.DoesNotContain("finish creating your account", mail.TextBody, StringComparison.Ordinal);
        var page = await client.GetStringAsync(new Uri(factory.Emails.LinkSentTo("moved@example.com")).PathAndQuery);
        Assert.Contains("Thank you for confirming your email change.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_change_is_confirmed_the_old_address_is_told_without_a_link()
    {
        var client = await SignedInAsNewUserAsync("leaving@example.com");
        await RequestChangeAsync(client, "arrived@example.com");
        Assert.DoesNotContain(factory.Emails.Sent, m => m.To == "leaving@example.com");

        await client.GetStringAsync(new Uri(factory.Emails.LinkSentTo("arrived@example.com")).PathAndQuery);
        await factory.SendQueuedEmailAsync();

        var notice = Assert.Single(factory.Emails.Sent, m => m.To == "leaving@example.com");
        Assert.Equal("Your TrustVault e-mail address was changed", notice.Subject);
        Assert.Contains("changed from this address to arrived@example.com", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("If you did not make this change", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("http", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("href", notice.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirming_an_address_that_another_account_uses_says_it_cannot_be_used()
    {
        var customer = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer);
        var client = await SignedInAsNewUserAsync("taking@example.com");

        await RequestChangeAsync(client, customer.Email);
        var response = await client.GetAsync(new Uri(factory.Emails.LinkSentTo(customer.Email)).PathAndQuery);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cannot be used for this one", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_for_an_unknown_user_is_an_invalid_link()
    {
        var response = await factory.CreateBrowser().GetAsync("/Account/ConfirmEmailChange?userId=nope&email=x%40example.com&code=abcd");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Error changing email.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("{userId}", page, StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInAsNewUserAsync(string email)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().CreateAsync(user, Password)).Succeeded);
        }

        var client = factory.CreateBrowser();
        var signIn = await client.LogInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private async Task RequestChangeAsync(HttpClient client, string newEmail)
    {
        var response = await client.SubmitFormAsync("/Account/Manage/Email", "change-email", new Dictionary<string, string>
        {
            ["Input.NewEmail"] = newEmail,
        });
        Assert.Contains("Confirmation link to change email sent", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await factory.SendQueuedEmailAsync();
    }
}
