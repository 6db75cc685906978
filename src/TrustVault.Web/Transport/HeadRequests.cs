using TrustVault.Web.Gateway;

namespace TrustVault.Web.Transport;

/// <summary>
/// HEAD answered as GET is, without the body (RFC 9110 §9.3.2: a general-purpose server supports it; uptime monitors
/// and link checkers send it). Pages and the platform API are mapped for GET only, so a HEAD request is routed as a
/// GET, and set back to HEAD when its answer starts, which is when Kestrel decides to send no body. The gateway is
/// left alone: it forwards HEAD to the upstream as the client sent it.
/// </summary>
public static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsHead(request.Method) && !request.Path.StartsWithSegments(GatewayExtensions.Prefix))
            {
                request.Method = HttpMethods.Get;
                context.Response.OnStarting(() =>
                {
                    request.Method = HttpMethods.Head;
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
}
