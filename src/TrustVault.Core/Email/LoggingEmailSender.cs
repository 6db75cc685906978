using Microsoft.Extensions.Logging;

namespace TrustVault.Core.Email;

/// <summary>The default sender: writes each message to the log so a local run needs no mail server.</summary>
public sealed partial class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        LogEmail(message.To, message.Subject, message.HtmlBody);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail to {To}: {Subject}\n{Body}")]
    private partial void LogEmail(string to, string subject, string body);
}
