using System.Net;

namespace TrustVault.Web.Transport;

/// <summary>How requests reach the app (section "Transport"): the proxies whose forwarded headers it believes, and whether its APIs refuse plain HTTP.</summary>
public sealed class TransportOptions
{
    public const string SectionName = "Transport";

    /// <summary>Addresses of the reverse proxies in front of the app (e.g. "10.0.0.5"); their X-Forwarded-For and X-Forwarded-Proto are applied.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation (e.g. "10.0.0.0/24").</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>Whether the gateway and the platform API answer plain HTTP with 400; on by default in Production only.</summary>
    public bool RequireHttpsOnApis { get; set; }

    /// <summary>With no proxy listed, forwarded headers are ignored: the middleware would otherwise believe them from anyone.</summary>
    public bool TrustsProxies => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    internal bool IsValid => KnownProxies.All(p => IPAddress.TryParse(p, out _)) && KnownNetworks.All(n => IPNetwork.TryParse(n, out _));
}
