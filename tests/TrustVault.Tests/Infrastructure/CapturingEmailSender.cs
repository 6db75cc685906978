using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using TrustVault.Core.Email;

namespace TrustVault.Tests.Infrastructure;

/// <summary>Keeps every e-mail so tests can read the links in them.</summary>
public sealed partial class CapturingEmailSender : IEmailSender
{
    public ConcurrentQueue<EmailMessage> Sent { get; } = new();

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
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
