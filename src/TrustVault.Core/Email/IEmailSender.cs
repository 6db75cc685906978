namespace TrustVault.Core.Email;

/// <summary>
/// The transport that hands a message to the mail system (SMTP, or the log during development). Only the outbox's
/// dispatcher calls it; features queue mail with <see cref="EmailOutbox.QueueEmail"/> so no request waits on it.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
