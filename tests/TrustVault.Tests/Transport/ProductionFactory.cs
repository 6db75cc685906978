using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Transport;

/// <summary>
/// The app in Production behind one proxy at <see cref="Proxy"/>, set up as README's "Deploying" says. The test
/// server has no peer address, and the forwarded-headers middleware believes a request without one, so each request
/// names its peer in <see cref="PeerAddressFromHeader.Header"/>.
/// </summary>
public sealed class ProductionFactory : TrustVaultFactory
{
    public static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Transport:KnownProxies:0", Proxy.ToString());
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerAddressFromHeader>());
    }
}
