namespace TrustVault.Core.Email;

/// <summary>
/// Set by the host from its environment, never from configuration, so that no setting can make a
/// production log hold the links in the mail.
/// </summary>
public sealed class LoggingEmailSenderOptions
{
    /// <summary>Whether the log shows the message body; true only in Development.</summary>
    public bool IncludeBody { get; set; }
}
