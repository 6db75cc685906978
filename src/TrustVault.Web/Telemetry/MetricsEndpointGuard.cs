using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace TrustVault.Web.Telemetry;

/// <summary>
/// In front of the Prometheus exporter: admits a caller from an allowed network or with the token, and answers anyone
/// else with problem+json, 401 when a token would admit them and 403 when none is configured.
/// </summary>
internal sealed class MetricsEndpointGuard(RequestDelegate next, IOptions<MetricsEndpointOptions> options)
{
    public Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var settings = options.Value;
        var token = BearerToken(context.Request);
        if (settings.Allows(context.Connection.RemoteIpAddress) || settings.Accepts(token))
        {
            return next(context);
        }

        var tokenConfigured = settings.Token is not null;
        if (tokenConfigured)
        {
            context.Response.Headers.WWWAuthenticate = token is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        }

        var status = tokenConfigured ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = tokenConfigured ? "Metrics token required" : "Metrics not available to this caller",
                Detail = tokenConfigured
                    ? "Scrape from an allowed network or send the configured token as Authorization: Bearer."
                    : $"Metrics are served only to the networks in {MetricsEndpointOptions.SectionName}:AllowedNetworks (loopback unless set).",
            },
        }).AsTask();
    }

    private static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
