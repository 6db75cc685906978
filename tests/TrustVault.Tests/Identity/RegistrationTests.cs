using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

[Collection(AppCollection.Name)]
public sealed class RegistrationTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Fact]
    public async Task Registering_creates_a_personal_organization_owned_by_the_new_user()
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "new.user@example.com",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/RegisterConfirmation", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("new.user@example.com");
        Assert.NotNull(user);
        var memberships = await scope.ServiceProvider.GetRequiredService<OrganizationService>().ListForUserAsync(user.Id, CancellationToken.None);
        var personal = Assert.Single(memberships);
        Assert.True(personal.IsPersonal);
        Assert.Equal(OrganizationRole.Owner, personal.Role);
        Assert.Equal(personal.OrganizationId, user.CurrentOrganizationId);
    }

    [Fact]
    public async Task Registering_sends_a_confirmation_link_that_confirms_the_address()
    {
        var client = factory.CreateBrowser();
        await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "confirm.me@example.com",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        await factory.SendQueuedEmailAsync();
        var link = new Uri(factory.Emails.LinkSentTo("confirm.me@example.com"));
        var page = await client.GetStringAsync(link.PathAndQuery);

        Assert.Contains("Thank you for confirming your email", page, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("confirm.me@example.com");
        Assert.True(user!.EmailConfirmed);
    }

    [Fact]
    public async Task Registering_on_the_way_to_an_invitation_leads_back_to_it_once_confirmed()
    {
        const string invitation = "/organization/invitations/some-token";
        var client = factory.CreateBrowser();
        await client.SubmitFormAsync($"/Account/Register?ReturnUrl={Uri.EscapeDataString(invitation)}", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "invited.newcomer@example.com",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        await factory.SendQueuedEmailAsync();
        var page = await client.GetStringAsync(new Uri(factory.Emails.LinkSentTo("invited.newcomer@example.com")).PathAndQuery);

        Assert.Contains("Thank you for confirming your email", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"Account/Login?ReturnUrl={Uri.EscapeDataString(invitation)}\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jürgen@example.com")]
    [InlineData("user@exämple.com")]
    [InlineData("Zoë+tag@Example.COM")]
    public async Task An_internationalized_address_can_register(string email)
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        Assert.Equal(email, user!.UserName);
    }

    [Fact]
    public async Task The_registration_confirmation_page_answers_alike_for_a_registered_and_an_unknown_address()
    {
        var customer = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer);
        var client = factory.CreateBrowser();

        var registered = await client.GetAsync($"/Account/RegisterConfirmation?email={Uri.EscapeDataString(customer.Email)}");
        var unknown = await client.GetAsync("/Account/RegisterConfirmation?email=nobody%40example.com");

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("Please check your email to confirm your account.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_address_is_refused_once()
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "Customer@TrustVault.dev",
            ["Input.Password"] = "Another#Pass2026",
            ["Input.ConfirmPassword"] = "Another#Pass2026",
        });

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(1, Regex.Count(html, "is already taken"));
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_a_message_and_no_account()
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "weak@example.com",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("must be at least 6", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("weak@example.com"));
    }

    [Theory]
    [InlineData("line\nbreak@example.com")]
    [InlineData("bell\u0007@example.com")]
    [InlineData("two words@example.com")]
    public async Task An_address_with_spaces_or_control_characters_is_refused_with_a_message_and_no_account(string email)
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("without spaces, line breaks or other control characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task An_address_without_a_domain_such_as_example_com_is_refused_with_a_message_and_no_account()
    {
        var client = factory.CreateBrowser();

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "a@b",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the whole address, with a domain such as example.com after the @.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("a@b"));
    }

    [Fact]
    public async Task An_address_longer_than_mail_allows_is_refused_with_a_message_and_no_account()
    {
        var client = factory.CreateBrowser();
        var email = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".com";

        var response = await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("at most 254 characters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Resending_the_confirmation_mails_an_unconfirmed_account_only()
    {
        const string Email = "resend.me@example.com";
        var client = factory.CreateBrowser();
        await client.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = Email,
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });

        var whileUnconfirmed = await ResendAsync(client, Email);
        Assert.Equal(2, MailsTo(Email));
        await client.GetStringAsync(new Uri(factory.Emails.LinkSentTo(Email)).PathAndQuery);
        var onceConfirmed = await ResendAsync(client, Email);

        Assert.Equal(2, MailsTo(Email));
        Assert.Contains("Verification email sent", onceConfirmed, StringComparison.Ordinal);
        Assert.Equal(VerificationMessage(whileUnconfirmed), VerificationMessage(onceConfirmed));
    }

    private async Task<string> ResendAsync(HttpClient client, string email)
    {
        var response = await client.SubmitFormAsync("/Account/ResendEmailConfirmation", "resend-email-confirmation", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
        });
        await factory.SendQueuedEmailAsync();
        return await response.Content.ReadAsStringAsync();
    }

    private int MailsTo(string email) => factory.Emails.Sent.Count(m => string.Equals(m.To, email, StringComparison.OrdinalIgnoreCase));

    private static string VerificationMessage(string page) => Regex.Match(page, "Verification email sent[^<]*").Value;
}
