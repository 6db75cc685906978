using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TrustVault.Core.Email;

namespace TrustVault.Web.Email;

public static class EmailExtensions
{
    /// <summary>
    /// The transport: SMTP when <c>Email:Smtp:Host</c> is set, else the log (Development, or <c>Email:Disabled=true</c>).
    /// Anywhere else the app refuses to start, rather than drop mail that users wait for.
    /// </summary>
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        builder.Services.AddSingleton<EmailLinks>();
        var email = builder.Configuration.GetSection(EmailOptions.SectionName).Get<EmailOptions>() ?? new EmailOptions();
        if (!email.Disabled && !string.IsNullOrWhiteSpace(email.Smtp.Host))
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IEmailSender, SmtpEmailSender>());
        }

        return builder;
    }
}
