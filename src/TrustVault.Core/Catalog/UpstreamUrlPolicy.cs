using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TrustVault.Core.Catalog;

/// <summary>
/// Keeps the gateway from being pointed at the platform's own network (server-side request forgery):
/// absolute http(s) addresses only, https where required, and no loopback, private or link-local hosts.
/// </summary>
public sealed class UpstreamUrlPolicy(IOptions<UpstreamOptions> options)
{
    private static readonly string[] InternalHostSuffixes = [".localhost", ".local", ".internal", ".lan", ".home.arpa"];

    /// <returns>Null when the address is acceptable, else what is wrong with it.</returns>
    public string? Check(string address) => Check(address, "upstreams", allowQuery: false);

    /// <summary>The same rules for a webhook endpoint, which may carry a query (receivers often put a token there).</summary>
    /// <returns>Null when the address is acceptable, else what is wrong with it.</returns>
    public string? CheckWebhookUrl(string address) => Check(address, "webhook endpoints", allowQuery: true);

    private string? Check(string address, string use, bool allowQuery)
    {
        var rules = options.Value;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Enter an absolute http:// or https:// address, e.g. https://api.example.com/v1.";
        }

        if (rules.RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Use an https:// address.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || (!allowQuery && !string.IsNullOrEmpty(uri.Query)) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return allowQuery ? "Leave credentials and fragment out of the address." : "Leave credentials, query and fragment out of the base address.";
        }

        if (!rules.AllowPrivateUpstreams && IsInternalHost(uri))
        {
            return $"Loopback, private and link-local addresses are not allowed as {use}.";
        }

        return null;
    }

    private static bool IsInternalHost(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.TryParse(uri.DnsSafeHost, out var ip) && !IsPublic(ip);
        }

        var host = uri.DnsSafeHost.TrimEnd('.').ToLowerInvariant();
        return host == "localhost" || !host.Contains('.', StringComparison.Ordinal) || InternalHostSuffixes.Any(host.EndsWith);
    }

    /// <summary>Whether an address is globally routable: not loopback, private (RFC 1918, RFC 4193), shared (RFC 6598), link-local or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 192 && b[1] == 0 && b[2] == 2)
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
    }
}
