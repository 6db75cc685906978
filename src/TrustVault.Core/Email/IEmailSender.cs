namespace TrustVault.Core.Email;

/// <summary>The one way the platform sends e-mail.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
