using System.ComponentModel.DataAnnotations;

namespace TrustVault.Core.Email;

/// <summary>The <c>Email</c> configuration section: how mail leaves the platform.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>
    /// Send no mail at all (each is logged by recipient and subject only). Outside Development the app refuses to
    /// start without <see cref="SmtpOptions.Host"/> unless this says so explicitly.
    /// </summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// The address users reach the platform at, such as <c>https://market.example.com</c>: the start of every link in
    /// mail (confirmation, password reset, invitations). Without it the links use the address the app listens on,
    /// never the request's Host header, and notification mail names its page in words (<see cref="NotificationLinks"/>).
    /// Outside Development, SMTP mail requires it.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();
}

public enum SmtpSecurity
{
    /// <summary>Upgrade a plain connection with STARTTLS, and fail when the server does not offer it (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>Plain text, for a relay on the same host or network only.</summary>
    None,
}

/// <summary>The <c>Email:Smtp</c> section; setting <see cref="Host"/> chooses SMTP as the transport.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Sign in with this user and <see cref="Password"/>; no authentication when empty.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The From address of every mail, such as <c>no-reply@example.com</c>.</summary>
    public string? FromAddress { get; set; }

    public string FromName { get; set; } = "TrustVault";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(FromAddress) || !MimeKit.MailboxAddress.TryParse(FromAddress, out _))
        {
            yield return new ValidationResult("Email:Smtp:FromAddress must be an e-mail address when Email:Smtp:Host is set.", [nameof(FromAddress)]);
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Email:Smtp:UserName and Email:Smtp:Password are set together or not at all.", [nameof(UserName)]);
        }
    }
}
