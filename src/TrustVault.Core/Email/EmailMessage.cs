namespace TrustVault.Core.Email;

/// <summary>One e-mail to one address, with an HTML body and the same text for clients that show plain text only.</summary>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody);
