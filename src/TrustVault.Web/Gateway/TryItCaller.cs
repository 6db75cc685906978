using System.Net;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The browser a Try it call is made for, as its own request to the site showed it: the scheme and host it reaches the
/// site at, its address and its User-Agent. The gateway tells the upstream of them (X-Forwarded-Proto, -Host, -For and
/// the User-Agent) as it would of a call made from that browser directly.
/// </summary>
public sealed record TryItCaller(string Scheme, HostString Host, IPAddress? Address, string UserAgent)
{
    /// <summary>Sent when the browser's request has no User-Agent fit to forward.</summary>
    public const string DefaultUserAgent = "TrustVault Try it";

    // Browsers send a few hundred characters; the value goes to a third party, so anything longer or unusual is not passed on.
    private const int MaxUserAgentLength = 512;

    public static TryItCaller Of(HttpRequest request) =>
        new(request.Scheme, request.Host, request.HttpContext.Connection.RemoteIpAddress, ForwardableUserAgent(request.Headers.UserAgent.ToString()));

    /// <summary>The site's own address as the page knows it, when no request of the browser's is at hand: no client address.</summary>
    public static TryItCaller Of(Uri site) => new(site.Scheme, HostString.FromUriComponent(site), null, DefaultUserAgent);

    private static string ForwardableUserAgent(string given) =>
        given.Length is > 0 and <= MaxUserAgentLength && given.All(c => c is >= ' ' and <= '~') ? given : DefaultUserAgent;
}
