using System.Security.Cryptography;
using TrustVault.Web.Api.Platform;

namespace TrustVault.Web.Security;

/// <summary>The browser-facing protections every answer carries: a Content-Security-Policy, no framing, no sniffing, a short referrer.</summary>
public static class SecurityHeadersExtensions
{
    private const string NonceKey = "TrustVault.CspNonce";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        // The server's name and version help no one but a scanner.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline, so that error and status pages, static files and gateway answers get the headers too.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;

            // On starting, not now: an exception handler clears the headers set before it ran.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request.Path, nonce);
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>The nonce that lets this response's own inline scripts (Blazor's import map) run.</summary>
    public static string CspNonce(this HttpContext context) => (string)context.Items[NonceKey]!;

    /// <remarks>
    /// Blazor Server needs only 'self' (its circuit's WebSocket included) and no eval; MudBlazor sets
    /// inline styles, so styles allow 'unsafe-inline'. Images may come from any https host: providers
    /// link them from their descriptions. The API reference page starts Scalar with an inline script
    /// that holds the page's own address and settings, so it runs inline scripts; it shows only our
    /// own OpenAPI documents.
    /// </remarks>
    private static string ContentSecurityPolicy(PathString path, string nonce)
    {
        var scripts = path.StartsWithSegments(PlatformApiExtensions.ReferencePath) ? "'self' 'unsafe-inline'" : $"'self' 'nonce-{nonce}'";
        return $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
            + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }
}
