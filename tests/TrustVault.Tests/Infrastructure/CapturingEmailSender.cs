using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using TrustVault.Core.Email;

namespace TrustVault.Tests.Infrastructure;

/// <summary>Keeps every e-mail so tests can read the links in them; refuses them while <see cref="Refusal"/> is set, as a mail server that is down would.</summary>
public sealed partial class CapturingEmailSender : IEmailSender
{
    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    public Exception? Refusal { get; set; }

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (Refusal is { } refusal)
        {
            return Task.FromException(refusal);
        }

        Sent.Enqueue(message);
        return Task.CompletedTask;
    }

    public string LinkSentTo(string address)
    {
        var message = Sent.Last(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase));
        return System.Net.WebUtility.HtmlDecode(Href().Match(message.HtmlBody).Groups[1].Value);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
