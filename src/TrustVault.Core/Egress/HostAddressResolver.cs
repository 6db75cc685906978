using System.Net;

namespace TrustVault.Core.Egress;

/// <summary>The addresses a host name resolves to when <see cref="EgressClient"/> connects; tests map names of their own.</summary>
public interface IHostAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system's DNS resolver.</summary>
internal sealed class DnsHostAddressResolver : IHostAddressResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
