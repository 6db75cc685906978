using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

/// <summary>A real HTTP server on loopback standing in for a provider's API: it echoes what it received.</summary>
public sealed class LocalUpstream : LoopbackServer
{
    /// <summary>The length of <c>/sized</c>'s answer, sent with a Content-Length header.</summary>
    public const int SizedBodyBytes = 1234;

    /// <summary>The length of <c>/large</c>'s answer, sent with a Content-Length header: more than the gateway holds back.</summary>
    public const int LargeBodyBytes = 200_000;

    /// <summary>The length of <c>/chunked</c>'s answer, sent without a Content-Length, as most JSON APIs answer.</summary>
    public const int ChunkedBodyBytes = 4321;

    /// <summary>Headers <c>/impostor</c> answers with the value "impostor": those the gateway answers itself.</summary>
    public static readonly string[] ImpostorHeaders =
        ["X-TrustVault-Request-Id", "X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "X-Quota-Remaining"];

    private readonly ConcurrentDictionary<string, int> served = new(StringComparer.Ordinal);

    /// <summary>How many requests for <paramref name="path"/> have been answered.</summary>
    public int Served(string path) => served.GetValueOrDefault(path);

    /// <summary>What <c>/declared/{code}/{type}</c> answers for <c>json</c>, <c>text</c> or <c>html</c>.</summary>
    public static (string ContentType, string Text) DeclaredBody(string type) => type switch
    {
        "json" => ("application/json", """{"city":"Berlin","temperature":21.5}"""),
        "html" => ("text/html; charset=utf-8", "<html><body><h1>Service unavailable</h1></body></html>"),
        _ => ("text/plain; charset=utf-8", "upstream says hello"),
    };

    protected override void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            await next(context);
            served.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, count) => count + 1);
        });
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
            return Results.Ok();
        });
        // The provider's own refusals, which the gateway must tell from its own.
        app.MapGet("/status/{code:int}", (int code) => Results.Json(new { refusedBy = "upstream" }, statusCode: code));
        // An answer of declared length, as most providers send a small JSON, text or HTML body.
        app.MapGet("/declared/{code:int}/{type}", async (int code, string type, HttpResponse response) =>
        {
            var (contentType, text) = DeclaredBody(type);
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            response.StatusCode = code;
            response.ContentType = contentType;
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes);
        });
        app.MapGet("/sized", () => Results.Bytes(new byte[SizedBodyBytes], "application/octet-stream"));
        app.MapGet("/large", () => Results.Bytes(new byte[LargeBodyBytes], "application/octet-stream"));
        app.MapPost("/drain", async (HttpContext context) =>
        {
            context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = null;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            return Results.Ok();
        });
        app.MapGet("/impostor", (HttpResponse response) =>
        {
            foreach (var name in ImpostorHeaders)
            {
                response.Headers[name] = "impostor";
            }

            return Results.Ok();
        });
        app.MapGet("/cookie", (HttpResponse response) =>
        {
            response.Headers.SetCookie = ".AspNetCore.Identity.Application=provider-chosen; Path=/; HttpOnly";
            response.Headers.Server = "BaseHTTP/0.6 Python/3.11.7";
            return Results.Ok();
        });
        app.MapGet("/chunked", async (HttpResponse response) =>
        {
            response.ContentType = "application/octet-stream";
            await response.Body.WriteAsync(new byte[ChunkedBodyBytes]);
        });
        app.Map("/{**path}", (HttpRequest request) => Results.Json(new
        {
            method = request.Method,
            // As it came over the wire: the decoded path would show %252F and %2F alike.
            pathAndQuery = request.HttpContext.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        }));
    }
}
