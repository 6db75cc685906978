using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Email;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Identity;

/// <summary>The app outside Development with its own logging e-mail sender, its log captured.</summary>
public sealed class LoggedEmailFactory : TrustVaultFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEmailSender, LoggingEmailSender>()));
    }
}

[Collection(AppCollection.Name)]
public sealed class EmailLoggingTests(LoggedEmailFactory factory) : IClassFixture<LoggedEmailFactory>
{
    [Fact]
    public async Task Outside_development_a_reset_mail_is_logged_without_its_link()
    {
        var customer = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Customer);

        await factory.CreateBrowser().SubmitFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string>
        {
            ["Input.Email"] = customer.Email,
        });
        await factory.SendQueuedEmailAsync();

        Assert.Contains(factory.Logs.Messages, m => m.Contains(customer.Email, StringComparison.Ordinal) && m.Contains("Reset your TrustVault password", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Messages, m => m.Contains("code=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Outside_development_a_confirmation_mail_is_logged_without_its_link()
    {
        await factory.CreateBrowser().SubmitFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = "logged.user@example.com",
            ["Input.Password"] = "Str0ng!Passw0rd",
            ["Input.ConfirmPassword"] = "Str0ng!Passw0rd",
        });
        await factory.SendQueuedEmailAsync();

        Assert.Contains(factory.Logs.Messages, m => m.Contains("logged.user@example.com", StringComparison.Ordinal) && m.Contains("Confirm your TrustVault account", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Messages, m => m.Contains("code=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task In_development_the_log_shows_the_whole_mail()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var sender = new LoggingEmailSender(loggers.CreateLogger<LoggingEmailSender>(), Options.Create(new LoggingEmailSenderOptions { IncludeBody = true }));

        await sender.SendAsync(EmailTemplates.ResetPassword("dev@example.com", "https://localhost/Account/ResetPassword?code=abc"), CancellationToken.None);

        Assert.Contains(logs.Messages, m => m.Contains("ResetPassword?code=abc", StringComparison.Ordinal));
    }
}
