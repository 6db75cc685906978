using TrustVault.Core.Email;

namespace TrustVault.Tests.Email;

public sealed class EmailTemplatesTests
{
    public static TheoryData<string, EmailMessage> Every { get; } = new()
    {
        { "confirm", EmailTemplates.ConfirmAccount("a@example.com", "https://tv.test/confirm?code=1") },
        { "email change", EmailTemplates.ConfirmEmailChange("a@example.com", "https://tv.test/change?code=1") },
        { "email changed", EmailTemplates.EmailChanged("a@example.com", "b@example.com") },
        { "reset", EmailTemplates.ResetPassword("a@example.com", "https://tv.test/reset?code=1") },
        { "reset code", EmailTemplates.ResetPasswordCode("a@example.com", "123456") },
        { "invitation", EmailTemplates.Invitation("a@example.com", "Acme", "Developer", "https://tv.test/invite/x", 7) },
        { "quota 85", EmailTemplates.QuotaReached("a@example.com", "Acme", "Tides", "Free", 85, 1000, "Consider upgrading.", null) },
        { "quota 100", EmailTemplates.QuotaReached("a@example.com", "Acme", "Tides", "Free", 100, 1000, "Calls are refused.", null) },
        { "approved", EmailTemplates.ListingApproved("a@example.com", "Acme", "Tides", null) },
        { "rejected", EmailTemplates.ListingRejected("a@example.com", "Acme", "Tides", "No documentation.", null) },
        { "down", EmailTemplates.UpstreamDown("a@example.com", "Acme", "Tides", "https://tides.test", 2, DateTimeOffset.UnixEpoch, "it answered HTTP 502") },
        { "recovered", EmailTemplates.UpstreamRecovered("a@example.com", "Acme", "Tides", "https://tides.test", DateTimeOffset.UnixEpoch, 200, 15) },
        { "invoice", EmailTemplates.InvoiceIssued("a@example.com", "Acme", "TV-2026-0001", 30m, "usd", DateTimeOffset.UnixEpoch, "Visa •••• 4242", null) },
        { "payment failed", EmailTemplates.PaymentFailed("a@example.com", "Acme", "TV-2026-0001", 30m, "usd", "Card declined.", null) },
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

    private const string Page = "https://market.example.com/page";

    /// <summary>Each mail about one of an organization's things, with and without a link to its page.</summary>
    public static TheoryData<string, EmailMessage, EmailMessage> OrganizationMail { get; } = new()
    {
        { "quota", Quota(null), Quota(Page) },
        { "approved", EmailTemplates.ListingApproved("a@example.com", "Globex Europe", "Tides", null), EmailTemplates.ListingApproved("a@example.com", "Globex Europe", "Tides", Page) },
        {
            "rejected", EmailTemplates.ListingRejected("a@example.com", "Globex Europe", "Tides", "No documentation.", null),
            EmailTemplates.ListingRejected("a@example.com", "Globex Europe", "Tides", "No documentation.", Page)
        },
        { "changes approved", EmailTemplates.ListingChangesApproved("a@example.com", "Globex Europe", "Tides", null), EmailTemplates.ListingChangesApproved("a@example.com", "Globex Europe", "Tides", Page) },
        {
            "changes rejected", EmailTemplates.ListingChangesRejected("a@example.com", "Globex Europe", "Tides", "No examples.", null),
            EmailTemplates.ListingChangesRejected("a@example.com", "Globex Europe", "Tides", "No examples.", Page)
        },
        { "anomaly", Anomaly(null), Anomaly(Page) },
        { "invoice", Invoice("Visa •••• 4242", null), Invoice("Visa •••• 4242", Page) },
        {
            "payment failed", EmailTemplates.PaymentFailed("a@example.com", "Globex Europe", "TV-2026-0001", 19m, "usd", "Card declined.", null),
            EmailTemplates.PaymentFailed("a@example.com", "Globex Europe", "TV-2026-0001", 19m, "usd", "Card declined.", Page)
        },
    };

    [Theory]
    [MemberData(nameof(OrganizationMail))]
    public void A_mail_about_an_organizations_things_names_the_organization_in_subject_and_body(string kind, EmailMessage mail, EmailMessage linked)
    {
        Assert.True(mail.Subject.StartsWith("[Globex Europe] ", StringComparison.Ordinal), kind);
        Assert.Contains("Globex Europe", mail.TextBody.Split("\n\n")[1], StringComparison.Ordinal);
        Assert.Equal(mail.Subject, linked.Subject);
    }

    [Theory]
    [MemberData(nameof(OrganizationMail))]
    public void With_the_public_address_a_mail_links_to_its_page_and_without_it_says_where_the_page_is(string kind, EmailMessage mail, EmailMessage linked)
    {
        Assert.False(mail.TextBody.Contains(Page, StringComparison.Ordinal), kind);
        Assert.Matches(" in the (console|provider portal)", mail.TextBody);
        Assert.Contains($": {Page}", linked.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{Page}\"", linked.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Mail_to_a_provider_sends_it_to_the_provider_portal_not_the_console()
    {
        var mails = new[]
        {
            EmailTemplates.ListingApproved("a@example.com", "Acme", "Tides", null),
            EmailTemplates.ListingRejected("a@example.com", "Acme", "Tides", "No documentation.", null),
            EmailTemplates.ListingChangesApproved("a@example.com", "Acme", "Tides", null),
            EmailTemplates.ListingChangesRejected("a@example.com", "Acme", "Tides", "No examples.", null),
            Anomaly(null),
        };

        Assert.All(mails, mail => Assert.Contains("in the provider portal", mail.TextBody, StringComparison.Ordinal));
        Assert.All(mails, mail => Assert.DoesNotContain("console", mail.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public void The_invoice_names_its_own_period_not_last_month()
    {
        var mail = Invoice("Visa •••• 4242", null);

        Assert.Contains("for July 2026 is ready", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Period: July 2026", mail.TextBody, StringComparison.Ordinal);
        Assert.EndsWith("for July 2026", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("last month", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_invoice_says_it_is_charged_only_when_a_card_is_on_file_and_else_how_to_pay()
    {
        var charged = Invoice("Visa •••• 4242", null);
        var unpaid = Invoice(null, Page);

        Assert.Contains("It is charged to the Visa •••• 4242 on file", charged.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("charged to", unpaid.TextBody, StringComparison.Ordinal);
        Assert.Contains("No card is on file, so it is not charged: add a card in the console under Billing, then pay the invoice from its page.", unpaid.TextBody, StringComparison.Ordinal);
        Assert.Contains($"View the invoice: {Page}", unpaid.TextBody, StringComparison.Ordinal);
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
    public void A_reviewers_line_breaks_show_as_line_breaks_in_html_with_each_line_encoded()
    {
        const string Reason = "1. The <summary> is wrong.\r\n\r\n2. Add a health path.";
        var mails = new[]
        {
            EmailTemplates.ListingRejected("a@example.com", "Acme", "Tides", Reason, null),
            EmailTemplates.ListingChangesRejected("a@example.com", "Acme", "Tides", Reason, null),
        };

        Assert.All(mails, mail => Assert.Contains(">1. The &lt;summary&gt; is wrong.<br><br>2. Add a health path.</p>", mail.HtmlBody, StringComparison.Ordinal));
        Assert.All(mails, mail => Assert.Contains(Reason, mail.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public void Money_shows_two_decimals_and_the_currency_code()
    {
        var mail = EmailTemplates.PaymentFailed("a@example.com", "Acme", "TV-2026-0001", 30m, "usd", "Card declined.", null);

        Assert.Contains("Total: 30.00 USD", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Card declined.", mail.TextBody, StringComparison.Ordinal);
    }

    private static EmailMessage Quota(string? url) =>
        EmailTemplates.QuotaReached("a@example.com", "Globex Europe", "AI Analytics", "Free", 85, 1000, "Consider upgrading.", url);

    private static EmailMessage Anomaly(string? url) =>
        EmailTemplates.ListingAnomaly("a@example.com", "Globex Europe", "Tides", "5xx error rate", "80%", "1%", DateTimeOffset.UnixEpoch, url);

    private static EmailMessage Invoice(string? card, string? url) =>
        EmailTemplates.InvoiceIssued("a@example.com", "Globex Europe", "TV-2026-0001", 19m, "usd", new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), card, url);
}
