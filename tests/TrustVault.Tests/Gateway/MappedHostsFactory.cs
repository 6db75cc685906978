using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrustVault.Core.Egress;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

/// <summary>
/// The app with its default address rules (no private upstreams, https only) and a resolver that answers the names a
/// test maps, as DNS would for a provider who points a name that passed the save check at an address inside.
/// </summary>
public sealed class MappedHostsFactory : TrustVaultFactory
{
    private readonly MappedHostAddressResolver resolver = new();

    public void Map(string host, params IPAddress[] addresses) => resolver.Hosts[host] = addresses;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IHostAddressResolver>(resolver)));
    }

    private sealed class MappedHostAddressResolver : IHostAddressResolver
    {
        public ConcurrentDictionary<string, IPAddress[]> Hosts { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Hosts.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(host, cancellationToken);
    }
}
