using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace TrustVault.Tests.Infrastructure;

/// <summary>
/// The test server has no peer address, so each request names its own in <see cref="Header"/>, set as the connection's
/// remote address in front of the app's pipeline (its forwarded-headers middleware then applies as for a real peer).
/// </summary>
public sealed class PeerAddressFromHeader : IStartupFilter
{
    public const string Header = "Test-Peer-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].ToString());
            return nextMiddleware(context);
        });
        next(app);
    };
}
