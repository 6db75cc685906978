using System.Security.Cryptography;
using TrustVault.Web.Api.Platform;

namespace TrustVault.Web.Security;

/// <summary>The browser-facing protections every answer carries: a Content-Security-Policy, no framing, no sniffing, a short referrer.</summary>
public static class SecurityHeadersExtensions
{
    private const string NonceKey = "TrustVault.CspNonce";

    // The Content-Security-Policy around its script sources (ContentSecurityPolicy).
    private const string PolicyStart = "default-src 'self'; script-src ";

    private const string PolicyEnd = "; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        // The server's name and version help no one but a scanner.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline, so that error and status pages, static files and gateway answers get the headers too.</summary>
    /// <remarks>
    /// Every answer passes here, gateway calls included: the headers are set by a static callback given the request as its
    /// state (no closure and delegate per request), and an answer that rendered no page (an API's, a file's) made no
    /// nonce and gets the fixed policy, which runs no inline script at all.
    /// </remarks>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // On starting, not now: an exception handler clears the headers set before it ran.
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy(context);
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }

    /// <summary>The nonce that lets this response's own inline scripts (Blazor's import map) run, made on first use.</summary>
    /// <remarks>A page asks for it while it renders its head, before the answer's first byte, and so before the policy is set.</remarks>
    public static string CspNonce(this HttpContext context)
    {
        if (context.Items.TryGetValue(NonceKey, out var made))
        {
            return (string)made!;
        }

        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        var nonce = Convert.ToBase64String(random);
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    /// <remarks>
    /// Blazor Server needs only 'self' (its circuit's WebSocket included) and no eval; MudBlazor sets
    /// inline styles, so styles allow 'unsafe-inline'. Images may come from any https host: providers
    /// link them from their descriptions. The API reference page starts Scalar with an inline script
    /// that holds the page's own address and settings, so it runs inline scripts; it shows only our
    /// own OpenAPI documents.
    /// </remarks>
    private static string ContentSecurityPolicy(HttpContext context) =>
        context.Request.Path.StartsWithSegments(PlatformApiExtensions.ReferencePath)
            ? PolicyStart + "'self' 'unsafe-inline'" + PolicyEnd
            : context.Items.TryGetValue(NonceKey, out var nonce)
                ? string.Concat(PolicyStart + "'self' 'nonce-", (string)nonce!, "'" + PolicyEnd)
                : PolicyStart + "'self'" + PolicyEnd;
}
