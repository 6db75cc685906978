using System.Net;
using System.Text;

namespace TrustVault.Core.Email;

/// <summary>
/// Builds one mail's HTML and plain-text bodies from the same blocks, so the two never say different things. Every
/// value is encoded here: templates pass plain text and links, never markup.
/// </summary>
public sealed class EmailBody
{
    private const string Primary = "#3949AB";
    private readonly StringBuilder html = new();
    private readonly StringBuilder text = new();

    /// <summary>A paragraph of plain text; its line breaks (a reviewer's numbered list) are kept as line breaks in HTML too.</summary>
    public EmailBody Paragraph(string value)
    {
        html.Append("<p style=\"margin:0 0 16px;line-height:1.5\">")
            .AppendJoin("<br>", value.ReplaceLineEndings("\n").Split('\n').Select(WebUtility.HtmlEncode))
            .Append("</p>");
        text.Append(value).Append("\n\n");
        return this;
    }

    /// <summary>Label/value rows, such as an invoice's number and amount.</summary>
    public EmailBody Facts(params (string Label, string Value)[] facts)
    {
        html.Append("<table role=\"presentation\" style=\"margin:0 0 16px;border-collapse:collapse\">");
        foreach (var (label, value) in facts)
        {
            html.Append("<tr><td style=\"padding:2px 16px 2px 0;color:#5f6368\">").Append(WebUtility.HtmlEncode(label))
                .Append("</td><td style=\"padding:2px 0;font-weight:600\">").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>");
            text.Append(label).Append(": ").Append(value).Append('\n');
        }

        html.Append("</table>");
        text.Append('\n');
        return this;
    }

    /// <summary>The mail's one call to action; the plain text shows the address itself.</summary>
    public EmailBody Button(string label, string url)
    {
        html.Append("<p style=\"margin:24px 0\"><a href=\"").Append(WebUtility.HtmlEncode(url))
            .Append("\" style=\"background:").Append(Primary)
            .Append(";color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:600\">")
            .Append(WebUtility.HtmlEncode(label)).Append("</a></p>");
        text.Append(label).Append(": ").Append(url).Append("\n\n");
        return this;
    }

    /// <summary>
    /// Where the reader goes next: a button to the page when its <paramref name="url"/> is known (see
    /// <see cref="NotificationLinks"/>), else <paramref name="words"/> that say where to find it.
    /// </summary>
    public EmailBody LinkOrWords(string label, string? url, string words) => url is null ? Paragraph(words) : Button(label, url);

    /// <summary>The message with the product's frame around the blocks: the header band, the heading and the footer.</summary>
    public EmailMessage To(string address, string subject, string heading)
    {
        var body = new StringBuilder()
            .Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(subject)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f5f5f5;font-family:Roboto,Helvetica,Arial,sans-serif;color:#212121\">")
            .Append("<table role=\"presentation\" width=\"100%\" style=\"border-collapse:collapse\"><tr><td align=\"center\" style=\"padding:24px 12px\">")
            .Append("<table role=\"presentation\" width=\"600\" style=\"max-width:600px;border-collapse:collapse;background:#ffffff;border-radius:6px\">")
            .Append("<tr><td style=\"background:").Append(Primary).Append(";color:#ffffff;padding:16px 24px;font-size:20px;font-weight:700;border-radius:6px 6px 0 0\">TrustVault</td></tr>")
            .Append("<tr><td style=\"padding:24px\"><h1 style=\"margin:0 0 16px;font-size:22px\">").Append(WebUtility.HtmlEncode(heading)).Append("</h1>")
            .Append(html)
            .Append("</td></tr><tr><td style=\"padding:16px 24px;color:#757575;font-size:12px;border-top:1px solid #eeeeee\">")
            .Append("You get this e-mail because of your TrustVault account. TrustVault, the API marketplace.</td></tr>")
            .Append("</table></td></tr></table></body></html>")
            .ToString();
        var plain = $"{heading}\n\n{text}--\nYou get this e-mail because of your TrustVault account. TrustVault, the API marketplace.\n";
        return new EmailMessage(address, subject, body, plain);
    }
}
