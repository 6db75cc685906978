using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Email;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Email;

/// <summary>The app sending through its MailKit transport to a real SMTP server in this process.</summary>
public sealed class SmtpMailFactory : TrustVaultFactory
{
    public const string PublicBaseUrl = "https://market.trustvault.test";

    public FakeSmtpServer Smtp { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:Disabled", "false");
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
        builder.UseSetting("Email:Smtp:FromAddress", "no-reply@trustvault.test");
        builder.UseSetting("Email:PublicBaseUrl", PublicBaseUrl);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEmailSender, SmtpEmailSender>()));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.Dispose();
        }
    }
}

[Collection(AppCollection.Name)]
public sealed partial class SmtpDeliveryTests(SmtpMailFactory factory) : IClassFixture<SmtpMailFactory>
{
    [Fact]
    public async Task A_new_user_confirms_through_the_received_link_and_then_logs_in()
    {
        const string address = "smtp.user@example.com";
        const string password = "Str0ng!Passw0rd";
        var browser = factory.CreateBrowser();
        // The link must not follow the Host the request names: that is the sender's to choose.
        browser.DefaultRequestHeaders.Host = "evil.example";
        await browser.SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = address,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        Assert.Empty(factory.Smtp.Received);
        Assert.NotEqual(HttpStatusCode.Redirect, (await factory.CreateBrowser().LogInAsync(address, password)).StatusCode);

        await factory.SendQueuedEmailAsync();

        var mail = factory.Smtp.SingleTo(address);
        Assert.Equal("Confirm your TrustVault account", mail.Subject);
        Assert.Equal("no-reply@trustvault.test", mail.From.Mailboxes.Single().Address);
        Assert.Equal("TrustVault", mail.From.Mailboxes.Single().Name);
        Assert.Contains("Confirm your account", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Confirm your account: http", mail.TextBody, StringComparison.Ordinal);
        var htmlLink = WebUtility.HtmlDecode(Href().Match(mail.HtmlBody!).Groups[1].Value);
        var textLink = TextLink().Match(mail.TextBody!).Groups[1].Value;
        Assert.Equal(htmlLink, textLink);
        Assert.StartsWith($"{SmtpMailFactory.PublicBaseUrl}/Account/ConfirmEmail?", textLink, StringComparison.Ordinal);

        var confirmed = await browser.GetStringAsync(new Uri(textLink).PathAndQuery);
        Assert.Contains("Thank you for confirming your email", confirmed, StringComparison.Ordinal);

        var login = await factory.CreateBrowser().LogInAsync(address, password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/Account/Login", login.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex(@"Confirm your account: (\S+)")]
    private static partial Regex TextLink();
}
