using System.Net;
using System.Net.Sockets;

namespace TrustVault.Web.RateLimiting;

/// <summary>Whom a per-client limit counts a request against: the client's address (after the known proxies' forwarded headers).</summary>
public static class ClientPartition
{
    private const int Ipv6NetworkBytes = 8;

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64 network, the least a host or a home is given, through whose
    /// addresses it may rotate at will (privacy extensions) and so start afresh on every request.
    /// </summary>
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[Ipv6NetworkBytes..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
