using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TrustVault.Core.Egress;

/// <summary>
/// Keeps the gateway from being pointed at the platform's own network (server-side request forgery):
/// absolute http(s) addresses only, https where required, and no loopback, private or link-local hosts.
/// </summary>
public sealed class UpstreamUrlPolicy(IOptions<UpstreamOptions> options)
{
    private static readonly string[] InternalHostSuffixes = [".localhost", ".local", ".internal", ".lan", ".home.arpa"];

    /// <returns>Null when the address is acceptable, else what is wrong with it.</returns>
    public string? Check(string address) => Check(address, "upstreams", "https://api.example.com/v1", allowQuery: false);

    /// <summary>The same rules for a webhook endpoint, which may carry a query (receivers often put a token there).</summary>
    /// <returns>Null when the address is acceptable, else what is wrong with it.</returns>
    public string? CheckWebhookUrl(string address) => Check(address, "webhook endpoints", "https://hooks.example.com/trustvault", allowQuery: true);

    private string? Check(string address, string use, string example, bool allowQuery)
    {
        var rules = options.Value;
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"Enter an absolute http:// or https:// address, e.g. {example}.";
        }

        // Port 0 parses but nothing can be connected to on it: every call or delivery would fail.
        if (uri.Port == 0)
        {
            return "Use a port from 1 to 65535, or leave the port out.";
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

        // The name as resolvers see it: IDNA maps full-width and circled digits and letters to ASCII, so that a name
        // written "①②⑦.0.0.1" is looked up, and connected to, as 127.0.0.1.
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host, out var mapped))
        {
            return !IsPublic(mapped);
        }

        return host == "localhost" || !host.Contains('.', StringComparison.Ordinal) || InternalHostSuffixes.Any(host.EndsWith);
    }

    /// <summary>
    /// Whether an address is globally routable: not loopback, private (RFC 1918, RFC 4193), shared (RFC 6598), link-local,
    /// multicast, documentation or otherwise reserved; for IPv6, global unicast (2000::/3) only. An IPv6 address that
    /// carries an IPv4 address is public only when every IPv4 address it carries is, since a host, gateway or relay on the
    /// way delivers to that IPv4 address: IPv4-compatible ::a.b.c.d and IPv4-mapped ::ffff:a.b.c.d (RFC 4291),
    /// IPv4-translated ::ffff:0:a.b.c.d (RFC 2765), NAT64 64:ff9b::/96 (RFC 6052), 6to4 2002::/16 (RFC 3056), Teredo
    /// 2001::/32 with its server and obfuscated client (RFC 4380) and ISATAP interface ids (RFC 5214). The local-use NAT64
    /// prefix 64:ff9b:1::/48 (RFC 8215) translates into the operator's own network, so it is never public.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicIPv4(b),
            AddressFamily.InterNetworkV6 => IsPublicIPv6(b),
            _ => false,
        };
    }

    private static bool IsPublicIPv4(ReadOnlySpan<byte> b) =>
        !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2))
            || (b[0] == 192 && b[1] == 88 && b[2] == 99)
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)
            || (b[0] == 203 && b[1] == 0 && b[2] == 113));

    private static bool IsPublicIPv6(byte[] b)
    {
        var span = b.AsSpan();
        if (span[..12].IndexOfAnyExcept((byte)0) < 0 || (span[..10].IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xFF && b[11] == 0xFF))
        {
            return IsPublicIPv4(span[12..]);
        }

        if (span[..8].IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0)
        {
            return IsPublicIPv4(span[12..]);
        }

        if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            return span[4..12].IndexOfAnyExcept((byte)0) < 0 && IsPublicIPv4(span[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicIPv4(span[2..6]);
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            byte[] client = [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]];
            return IsPublicIPv4(span[4..8]) && IsPublicIPv4(client);
        }

        var isatap = (b[8] & 0xFD) == 0 && b[9] == 0 && b[10] == 0x5E && b[11] == 0xFE;
        var documentation = (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) || (b[0] == 0x3F && b[1] == 0xFF && b[2] < 0x10);
        return (b[0] & 0xE0) == 0x20 && !documentation && (!isatap || IsPublicIPv4(span[12..]));
    }
}
