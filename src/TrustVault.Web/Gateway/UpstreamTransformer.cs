using TrustVault.Core.Catalog;
using Yarp.ReverseProxy.Forwarder;

namespace TrustVault.Web.Gateway;

/// <summary>
/// Rewrites a gateway call for the upstream: the path after the listing slug, the customer's key
/// removed, and the subscription id, request id, timestamp and HMAC signature added; and the answer so that
/// it ends only after its usage event is durable.
/// </summary>
internal sealed class UpstreamTransformer(string path, Guid subscriptionId, string requestId, string signingSecret, DateTimeOffset now) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString("/" + path), httpContext.Request.QueryString);
        proxyRequest.Headers.Host = null;
        proxyRequest.Headers.Remove(GatewayPipeline.ApiKeyHeader);
        proxyRequest.Headers.Authorization = null;
        proxyRequest.Headers.Remove(GatewayPipeline.RequestIdHeader);

        var timestamp = now.ToUnixTimeSeconds();
        var signature = UpstreamSignature.Compute(signingSecret, timestamp, proxyRequest.Method.Method, proxyRequest.RequestUri.PathAndQuery, requestId);
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.SubscriptionHeader, subscriptionId.ToString());
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.RequestIdHeader, requestId);
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        proxyRequest.Headers.TryAddWithoutValidation(UpstreamSignature.SignatureHeader, signature);
    }

    /// <summary>
    /// With the upstream's Content-Length the client would hold a complete answer as soon as the last byte is
    /// copied, before the gateway meters the call. Without it the answer is chunked (or, on HTTP/2, ended by the
    /// stream), and its end is sent only when the pipeline returns, after the usage event is committed. The length
    /// is kept for metering. Answers that never have a body keep theirs.
    /// </summary>
    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var response = httpContext.Response;
        if (response.ContentLength is { } length && !HttpMethods.IsHead(httpContext.Request.Method)
            && response.StatusCode is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified))
        {
            httpContext.Features.Set(new UpstreamBodyLength(length));
            response.ContentLength = null;
        }

        return copyBody;
    }
}

/// <summary>The length of an upstream's answer whose Content-Length the gateway dropped, for the usage event.</summary>
internal sealed record UpstreamBodyLength(long Bytes);
