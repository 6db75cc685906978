using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace TrustVault.Core.Egress;

/// <summary>
/// The one HTTP client for every call the platform makes outward: the gateway's forwarded calls, webhook deliveries
/// and listing health probes. Its connect step resolves the host itself and connects only to addresses
/// <see cref="UpstreamUrlPolicy.IsPublic"/> allows, so DNS that points at a private address (or changes to one after the
/// address was saved) is refused at use, not only at save.
/// Upstreams belong to other parties, so it never sends TrustVault's trace context; a customer's own
/// trace headers are forwarded as the customer sent them.
/// </summary>
public sealed class EgressClient(IOptions<UpstreamOptions> options, IHostAddressResolver resolver) : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, resolver, options.Value.AllowPrivateUpstreams, cancellationToken),
    });

    private static async ValueTask<Stream> ConnectAsync(
        SocketsHttpConnectionContext context, IHostAddressResolver resolver, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = await resolver.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || UpstreamUrlPolicy.IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"The upstream host {context.DnsEndPoint.Host} resolves only to addresses the gateway may not call.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => Invoker.Dispose();
}
