using System.Collections.Frozen;
using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace TrustVault.Web.Gateway;

/// <summary>
/// The request headers a forwarded call carries to a provider's upstream. An allow-list, because the upstream is a third
/// party: whatever else a customer's client sends (TrustVault's session cookie, the customer's key, hop-by-hop headers,
/// its own X-Forwarded-For) stays at the gateway. The gateway adds its own forwarding and signature headers.
/// </summary>
internal static class ForwardedRequestHeaders
{
    /// <summary>The customer's headers an upstream receives as sent.</summary>
    public static readonly FrozenSet<string> Allowed = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        // Content negotiation.
        HeaderNames.Accept,
        HeaderNames.AcceptCharset,
        HeaderNames.AcceptEncoding,
        HeaderNames.AcceptLanguage,
        // The body. Expect too: the forwarder passes a client's 100-continue on, so the body waits for the upstream's go.
        HeaderNames.ContentType,
        HeaderNames.ContentEncoding,
        HeaderNames.ContentLanguage,
        HeaderNames.ContentLength,
        HeaderNames.Expect,
        // Conditional requests, caching and ranges.
        HeaderNames.IfMatch,
        HeaderNames.IfNoneMatch,
        HeaderNames.IfModifiedSince,
        HeaderNames.IfUnmodifiedSince,
        HeaderNames.IfRange,
        HeaderNames.CacheControl,
        HeaderNames.Pragma,
        HeaderNames.Range,
        // What an API client states about its call: RFC 7240 preferences, the IETF draft's idempotency key, W3C trace context.
        HeaderNames.UserAgent,
        "Prefer",
        "Idempotency-Key",
        HeaderNames.TraceParent,
        HeaderNames.TraceState);

    /// <summary>
    /// Keeps only <see cref="Allowed"/> headers on <paramref name="proxyRequest"/>, then sets X-Forwarded-For, -Proto and -Host
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
            if (!Allowed.Contains(name))
            {
                return name;
            }
        }

        return null;
    }
}
