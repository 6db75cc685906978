using Microsoft.AspNetCore.Mvc;
using TrustVault.Web.Api.Platform;

namespace TrustVault.Web.Transport;

/// <summary>
/// Answers a plain-HTTP call to the gateway or the platform API with 400 problem+json. Not a redirect: the key or
/// token has already crossed the network in clear, and a client that follows the redirect would send it again and
/// never learn that it leaked.
/// </summary>
internal sealed class ApiHttpsRequirement(RequestDelegate next)
{
    private static readonly PathString Gateway = "/gw";
    private static readonly PathString PlatformApi = PlatformApiExtensions.Prefix;

    public static bool IsApi(PathString path) => path.StartsWithSegments(Gateway) || path.StartsWithSegments(PlatformApi);

    public Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.Request.IsHttps || !IsApi(context.Request.Path))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "HTTPS required",
                Detail = "This API answers only over HTTPS. The request was sent in clear: treat the key or token it carried as exposed and replace it.",
            },
        }).AsTask();
    }
}
