using TrustVault.Core.Email;

namespace TrustVault.Tests.Email;

public sealed class EmailTemplatesTests
{
    public static TheoryData<string, EmailMessage> Every { get; } = new()
    {
        { "confirm", EmailTemplates.ConfirmAccount("a@example.com", "https://tv.test/confirm?code=1") },
        { "email change", EmailTemplates.ConfirmEmailChange("a@example.com", "https://tv.test/change?code=1") },
        { "reset", EmailTemplates.ResetPassword("a@example.com", "https://tv.test/reset?code=1") },
        { "reset code", EmailTemplates.ResetPasswordCode("a@example.com", "123456") },
        { "invitation", EmailTemplates.Invitation("a@example.com", "Acme", "Developer", "https://tv.test/invite/x", 7) },
        { "quota 85", EmailTemplates.QuotaReached("a@example.com", "Tides", "Free", 85, 1000, "Consider upgrading.") },
        { "quota 100", EmailTemplates.QuotaReached("a@example.com", "Tides", "Free", 100, 1000, "Calls are refused.") },
        { "approved", EmailTemplates.ListingApproved("a@example.com", "Tides") },
        { "rejected", EmailTemplates.ListingRejected("a@example.com", "Tides", "No documentation.") },
        { "down", EmailTemplates.UpstreamDown("a@example.com", "Tides", "https://tides.test", 2, DateTimeOffset.UnixEpoch, "it answered HTTP 502") },
        { "recovered", EmailTemplates.UpstreamRecovered("a@example.com", "Tides", "https://tides.test", DateTimeOffset.UnixEpoch, 200, 15) },
        { "invoice", EmailTemplates.InvoiceIssued("a@example.com", "TV-2026-0001", 30m, "usd", DateTimeOffset.UnixEpoch) },
        { "payment failed", EmailTemplates.PaymentFailed("a@example.com", "TV-2026-0001", 30m, "usd", "Card declined.") },
    };

    [Theory]
    [MemberData(nameof(Every))]
    public void Every_mail_has_the_product_frame_in_html_and_the_same_words_in_plain_text(string kind, EmailMessage mail)
    {
        Assert.False(string.IsNullOrWhiteSpace(mail.Subject), kind);
        Assert.StartsWith("<!DOCTYPE html>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(">TrustVault</td>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("You get this e-mail because of your TrustVault account.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_encoded_in_html_and_kept_as_they_are_in_plain_text()
    {
        var mail = EmailTemplates.Invitation("a@example.com", "<b>Acme</b>", "Owner", "https://tv.test/invite?a=1&b=2", 7);

        Assert.Contains("&lt;b&gt;Acme&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Acme", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://tv.test/invite?a=1&amp;b=2\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Accept the invitation: https://tv.test/invite?a=1&b=2", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("You are invited to <b>Acme</b> on TrustVault", mail.Subject);
    }

    [Fact]
    public void Money_shows_two_decimals_and_the_currency_code()
    {
        var mail = EmailTemplates.PaymentFailed("a@example.com", "TV-2026-0001", 30m, "usd", "Card declined.");

        Assert.Contains("Total: 30.00 USD", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Card declined.", mail.TextBody, StringComparison.Ordinal);
    }
}
