using TrustVault.Core.Catalog;
using Yarp.ReverseProxy.Forwarder;

namespace TrustVault.Web.Gateway;

/// <summary>
/// Rewrites a gateway call for the upstream: the path after the listing slug, the customer's key
/// removed, and the subscription id, request id, timestamp and HMAC signature added; and the answer so that
/// the client holds all of it only after its usage event is durable.
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
    /// The client must not hold a complete answer before the call's usage event is durable. An answer of known length up
    /// to <see cref="HeldResponseBody.MaxBytes"/> is held in the server's output until the pipeline returns, after the
    /// commit, and keeps its Content-Length. A longer one streams without it (chunked, or on HTTP/2 ended by the stream),
    /// so its end is sent only when the pipeline returns. Answers that never have a body
    /// keep theirs.
    /// </summary>
    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var response = httpContext.Response;
        if (response.ContentLength is not { } length || HttpMethods.IsHead(httpContext.Request.Method)
            || response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return copyBody;
        }

        if (length <= HeldResponseBody.MaxBytes)
        {
            response.Body = new HeldResponseBody(response.BodyWriter);
        }
        else
        {
            response.ContentLength = null;
        }

        return copyBody;
    }
}
