using Microsoft.Extensions.Options;

namespace TrustVault.Core.Email;

/// <summary>
/// Links from notification mail (invoices, quota, listing decisions, alerts) to the page each is about. They need
/// <see cref="EmailOptions.PublicBaseUrl"/>: a job has no request to take an address from, and the address the app
/// listens on is rarely the one its users reach. Without it each is null and the mail names the page in words
/// (<see cref="EmailBody.LinkOrWords"/>). None carries a token.
/// </summary>
public sealed class NotificationLinks(IOptions<EmailOptions> options)
{
    public string? Invoice(Guid invoiceId) => To($"console/invoices/{invoiceId}");

    /// <summary>
    /// The query parameter that names the organization a page about one of several organizations' things is to show: the
    /// reader may work in another of theirs now. Invoice and listing links need none, their id names the organization.
    /// </summary>
    public const string OrganizationQuery = "org";

    public string? Usage(Guid organizationId) => To($"console/usage?{OrganizationQuery}={organizationId}");

    public string? Portal(Guid organizationId) => To($"portal?{OrganizationQuery}={organizationId}");

    public string? PortalListing(Guid listingId) => To($"portal/listings/{listingId}");

    public string? PortalAlerts(Guid organizationId) => To($"portal/alerts?{OrganizationQuery}={organizationId}");

    /// <summary>The absolute link to <paramref name="relativePath"/> (a path of the app without its leading slash) under <paramref name="baseAddress"/>.</summary>
    public static string Absolute(string baseAddress, string relativePath) =>
        new Uri(new Uri(baseAddress.EndsWith('/') ? baseAddress : baseAddress + "/"), relativePath).AbsoluteUri;

    private string? To(string relativePath) => options.Value.PublicBaseUrl is { } baseAddress ? Absolute(baseAddress, relativePath) : null;
}
