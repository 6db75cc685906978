using Microsoft.AspNetCore.Components.Server.Circuits;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Components;

/// <summary>
/// The browser at the other end of this circuit, as the request of its connection showed it. A circuit's events run
/// with no request of their own, so it is read when the connection comes up, and again when a new one replaces it.
/// </summary>
internal sealed class CircuitBrowser(IHttpContextAccessor http) : CircuitHandler
{
    /// <summary>Null until a connection's request was seen (none is during prerendering).</summary>
    public TryItCaller? Caller { get; private set; }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (http.HttpContext is { } context)
        {
            Caller = TryItCaller.Of(context.Request);
        }

        return Task.CompletedTask;
    }
}
