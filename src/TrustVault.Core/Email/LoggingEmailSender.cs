using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TrustVault.Core.Email;

/// <summary>
/// The transport in Development and when <see cref="EmailOptions.Disabled"/>: writes each message to the log so a local
/// run needs no mail server. Bodies carry sign-in, confirmation and reset links, so only a developer's own log shows them.
/// </summary>
public sealed partial class LoggingEmailSender(ILogger<LoggingEmailSender> logger, IOptions<LoggingEmailSenderOptions> options) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (options.Value.IncludeBody)
        {
            LogEmailWithBody(message.To, message.Subject, message.TextBody);
        }
        else
        {
            LogEmail(message.To, message.Subject);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail to {To}: {Subject}\n{Body}")]
    private partial void LogEmailWithBody(string to, string subject, string body);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail to {To}: {Subject} (body not logged: it may hold a link with a token)")]
    private partial void LogEmail(string to, string subject);
}
