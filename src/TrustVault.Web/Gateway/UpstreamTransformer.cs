using Microsoft.Net.Http.Headers;
using TrustVault.Core.Catalog;
using Yarp.ReverseProxy.Forwarder;

namespace TrustVault.Web.Gateway;

/// <summary>
/// Rewrites a gateway call for the upstream: the path after the listing slug, only the customer's headers that
/// <see cref="ForwardedRequestHeaders"/> allows, and the subscription id, request id, timestamp and HMAC signature added;
/// and the answer without the headers the gateway answers itself nor the upstream's cookies. Its body passes through
/// <see cref="GatewayResponseBody"/>.
/// </summary>
internal sealed class UpstreamTransformer(string path, Guid subscriptionId, string requestId, string signingSecret, DateTimeOffset now) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        // Sent as escaped: Uri would otherwise rewrite escapes the client chose.
        proxyRequest.RequestUri = new Uri(
            $"{destinationPrefix.TrimEnd('/')}/{ForwardedPath.Escaped(httpContext, path)}{httpContext.Request.QueryString}",
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        ForwardedRequestHeaders.Apply(httpContext, proxyRequest);

        var timestamp = now.ToUnixTimeSeconds();
        var signature = UpstreamSignature.Compute(signingSecret, timestamp, proxyRequest.Method.Method, proxyRequest.RequestUri.PathAndQuery, requestId);
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.SubscriptionHeader, subscriptionId.ToString());
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.RequestIdHeader, requestId);
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.SignatureHeader, signature);
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        // The forwarder adds an upstream's headers to those already set: the gateway's own would reach the customer
        // beside the upstream's values under the same names.
        foreach (var name in GatewayPipeline.AnsweredHeaders)
        {
            proxyResponse?.Headers.Remove(name);
        }

        // The gateway answers on TrustVault's own host: a provider's cookie would be set on it, where it could overwrite the
        // customer's session or antiforgery cookie.
        proxyResponse?.Headers.Remove(HeaderNames.SetCookie);

        // The provider's server software is not TrustVault's to announce (the app sends no Server header of its own).
        proxyResponse?.Headers.Remove(HeaderNames.Server);

        return base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }
}
