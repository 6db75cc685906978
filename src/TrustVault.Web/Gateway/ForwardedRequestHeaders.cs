using System.Net.Http.Headers;
using TrustVault.Core.Catalog;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The request headers a forwarded call carries to a provider's upstream: those <see cref="GatewayHeaders.Forwarded"/>
/// allows. The gateway adds its own forwarding and signature headers.
/// </summary>
internal static class ForwardedRequestHeaders
{
    /// <summary>
    /// Keeps only <see cref="GatewayHeaders.Forwarded"/> headers on <paramref name="proxyRequest"/>, then sets X-Forwarded-For, -Proto and -Host
    /// from the connection (as YARP's forwarded transforms do, but never appending to a client's copy, which anyone can forge)
    /// and X-Request-Id to the id the gateway echoes to the customer.
    /// </summary>
    public static void Apply(HttpContext context, HttpRequestMessage proxyRequest)
    {
        RemoveDisallowed(proxyRequest.Headers);
        if (proxyRequest.Content is { } content)
        {
            RemoveDisallowed(content.Headers);
        }

        if (context.Connection.RemoteIpAddress is { } client)
        {
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString());
        }

        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        if (context.Request.Host.HasValue)
        {
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value);
        }

        proxyRequest.Headers.TryAddWithoutValidation(GatewayPipeline.RequestIdHeader, context.Response.Headers[GatewayPipeline.RequestIdHeader].ToString());
    }

    /// <remarks>
    /// Each removal ends the enumeration, so the next starts it over: a call carries a disallowed header or two (its key),
    /// and enumerating <see cref="HttpHeaders.NonValidated"/> allocates nothing, where enumerating the headers themselves
    /// made an array of values for each one and a list of names besides.
    /// </remarks>
    private static void RemoveDisallowed(HttpHeaders headers)
    {
        while (FirstDisallowed(headers) is { } name && headers.Remove(name))
        {
        }
    }

    private static string? FirstDisallowed(HttpHeaders headers)
    {
        foreach (var (name, _) in headers.NonValidated)
        {
            if (!GatewayHeaders.Forwarded.Contains(name))
            {
                return name;
            }
        }

        return null;
    }
}
