using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using TrustVault.Core.Catalog;
using TrustVault.Core.Egress;
using TrustVault.Core.Errors;

namespace TrustVault.Web.Gateway;

/// <summary>
/// One call composed in a listing page's Try it panel: an endpoint the listing declares (method and path template),
/// the values of its path, query and header parameters, an optional body, and the visitor's key.
/// </summary>
public sealed record TryItRequest(
    string Slug,
    string Method,
    string Path,
    string ApiKey,
    IReadOnlyDictionary<string, string> PathValues,
    IReadOnlyDictionary<string, string> Query,
    string? Body = null,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A parameter of a Try it call: where it goes (path, query or header) and its name. A header and a query or path
/// parameter may share a name and are two fields, each with its own value and errors.
/// </summary>
public readonly record struct TryItParameter(string In, string Name)
{
    public static TryItParameter Of(EndpointParameter parameter) => new(parameter.In, parameter.Name);

    /// <summary>The name its errors are reported under: "query.id", "header.id".</summary>
    public string Field => $"{In}.{Name}";
}

/// <summary>
/// What the gateway answered: the body pretty-printed when it is JSON, a note of its size when it is binary, cut at
/// <see cref="TryItClient.MaxResponseBytes"/>.
/// </summary>
public sealed record TryItResponse(
    int Status, TimeSpan Duration, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, string Body, bool Truncated);

/// <summary>
/// Sends Try it calls through the gateway step in-process, to the endpoint routing would pick, as if they came in at
/// /gw/{slug}/{path}: the same key check, subscription, rate limit, quota, endpoint or upstream and usage event as any
/// call, without a network hop to the app itself (whose public address the server may not know, e.g. behind a proxy or under a test host).
/// </summary>
internal sealed partial class TryItClient(
    CatalogService catalog, IServiceScopeFactory scopes, IOptions<UpstreamOptions> upstream, ILogger<TryItClient> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxResponseBytes = 1024 * 1024;

    // Time for the gateway's own steps around the upstream's: the key check, the limits and the usage event's commit.
    private static readonly TimeSpan GatewayMargin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longer than the gateway waits for an upstream, so that a silent upstream gets the gateway's 504 as any client
    /// does: giving up first would cancel the call as a client that went away, which the gateway answers and meters as
    /// the client's fault.
    /// </summary>
    public TimeSpan Timeout => upstream.Value.Timeout + GatewayMargin;

    // Parts of media types that are text whatever their top-level type: application/json, application/problem+xml, ….
    private static readonly string[] TextualTypes = ["json", "xml", "javascript", "yaml", "x-www-form-urlencoded"];

    private static readonly string[] ShownHeaders = [GatewayPipeline.RequestIdHeader, "Retry-After", GatewayPipeline.QuotaRemainingHeader];

    // The body is shown as text by Blazor, which escapes it: no need for JSON's HTML-safe escaping of non-ASCII and '<'.
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="caller">The browser the call is made for: the upstream is told of it as of a direct call from it.</param>
    /// <exception cref="InvalidInputException">The call is not one the listing declares, or a field is invalid.</exception>
    /// <exception cref="NotFoundException">No published listing has this slug.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="Timeout"/>.</exception>
    public async Task<TryItResponse> SendAsync(TryItRequest request, TryItCaller caller, CancellationToken cancellationToken)
    {
        var page = await catalog.GetPublishedAsync(request.Slug, cancellationToken)
            ?? throw new NotFoundException($"No published API is listed at '{request.Slug}'.");
        var endpoint = page.Endpoints.FirstOrDefault(e =>
                e.Path == request.Path && string.Equals(e.Method, request.Method, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputException("Path", $"{page.Listing.Name} declares no endpoint {request.Method.ToUpperInvariant()} {request.Path}: choose one of its endpoints.");
        var path = FillPath(endpoint, request.PathValues);
        var query = Query(endpoint, request.Query);
        var headers = Headers(endpoint, request.Headers ?? new Dictionary<string, string>());
        if (string.IsNullOrWhiteSpace(request.ApiKey))
        {
            throw new InvalidInputException("ApiKey", "Paste one of your organization's API keys, or create a test key.");
        }

        var body = Encoding.UTF8.GetBytes(request.Body ?? "");
        if (body.Length > MaxBodyBytes)
        {
            throw new InvalidInputException("Body", $"The body is larger than {MaxBodyBytes / 1024 / 1024} MB.");
        }

        await using var scope = scopes.CreateAsyncScope();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var captured = new CappedStream(MaxResponseBytes);
        var context = Context(scope.ServiceProvider, request, caller, endpoint.Method, path, query, headers, body, captured, timeout.Token);
        var pipeline = scope.ServiceProvider.GetRequiredService<GatewayPipeline>();
        var (target, gatewayRoute, routeValues) = scope.ServiceProvider.GetRequiredService<GatewayEndpoints>().Find(context.Request.Method, context.Request.Path);
        context.SetEndpoint(target);
        context.Request.RouteValues = routeValues;

        var started = Stopwatch.GetTimestamp();
        try
        {
            await pipeline.HandleAsync(context, target, gatewayRoute);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{page.Listing.Name} did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Over HTTP the exception handler would answer 500 problem+json; the panel shows the same.
            LogFailed(logger, e, request.Slug, path);
            return new TryItResponse(StatusCodes.Status500InternalServerError, Stopwatch.GetElapsedTime(started), Headers(context.Response),
                "application/problem+json", Format("""{"title":"Internal error","status":500,"detail":"The gateway failed on this call."}""", "application/json"), false);
        }

        // The server completes an answer once the app returns, which sends what the gateway held unflushed (an answer of
        // declared length, GatewayResponseBody): here this client is the server.
        await context.Response.CompleteAsync();
        var duration = Stopwatch.GetElapsedTime(started);
        var contentType = context.Response.ContentType;
        return new TryItResponse(
            context.Response.StatusCode, duration, Headers(context.Response), contentType, Shown(captured.ToArray(), contentType, captured.Truncated), captured.Truncated);
    }

    /// <summary>The endpoint's path with each {parameter} replaced by its value; a value cannot leave its path segment.</summary>
    private static string FillPath(ListingEndpoint endpoint, IReadOnlyDictionary<string, string> values)
    {
        var segments = endpoint.Path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is not ['{', .. var name, '}'])
            {
                continue;
            }

            var value = values.GetValueOrDefault(name)?.Trim() ?? "";
            if (value.Length == 0)
            {
                throw new InvalidInputException(new TryItParameter("path", name).Field, $"Fill in the path parameter '{name}'.");
            }

            if (value is "." or ".." || value.IndexOfAny(['/', '\\', '?', '#']) >= 0)
            {
                throw new InvalidInputException(new TryItParameter("path", name).Field, $"'{name}' is one path segment: no '/', '\\', '?', '#' or dot segments.");
            }

            segments[i] = value;
        }

        return string.Join('/', segments);
    }

    private static QueryString Query(ListingEndpoint endpoint, IReadOnlyDictionary<string, string> values)
    {
        var declared = endpoint.Parameters.Where(p => p.In == "query").ToList();
        var unknown = values.Keys.FirstOrDefault(name => declared.All(p => p.Name != name));
        if (unknown is not null)
        {
            throw new InvalidInputException(new TryItParameter("query", unknown).Field, $"'{unknown}' is not a query parameter of {endpoint.Method} {endpoint.Path}.");
        }

        var missing = declared.FirstOrDefault(p => p.Required && string.IsNullOrWhiteSpace(values.GetValueOrDefault(p.Name)));
        if (missing is not null)
        {
            throw new InvalidInputException(TryItParameter.Of(missing).Field, $"Fill in the required query parameter '{missing.Name}'.");
        }

        return QueryString.Create(values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).Select(v => KeyValuePair.Create(v.Key, (string?)v.Value.Trim())));
    }

    /// <summary>The values of the header parameters the endpoint declares and Try it sends, each one line of printable ASCII.</summary>
    private static List<KeyValuePair<string, string>> Headers(ListingEndpoint endpoint, IReadOnlyDictionary<string, string> values)
    {
        var declared = endpoint.Parameters.Where(p => p.In == "header" && GatewayHeaders.IsFilledIn(p.Name)).ToList();
        var unknown = values.Keys.FirstOrDefault(name => !declared.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));
        if (unknown is not null)
        {
            throw new InvalidInputException(new TryItParameter("header", unknown).Field, $"'{unknown}' is not a header parameter of {endpoint.Method} {endpoint.Path} that the gateway forwards.");
        }

        var sent = new List<KeyValuePair<string, string>>();
        foreach (var parameter in declared)
        {
            var value = values.FirstOrDefault(v => string.Equals(v.Key, parameter.Name, StringComparison.OrdinalIgnoreCase)).Value?.Trim() ?? "";
            if (value.Length == 0 && parameter.Required)
            {
                throw new InvalidInputException(TryItParameter.Of(parameter).Field, $"Fill in the required header '{parameter.Name}'.");
            }

            // A header value is one line: a line break would let the value add headers of its own.
            if (!value.All(c => c is >= ' ' and <= '~'))
            {
                throw new InvalidInputException(TryItParameter.Of(parameter).Field, $"'{parameter.Name}' takes printable ASCII characters only, on one line.");
            }

            if (value.Length > 0)
            {
                sent.Add(KeyValuePair.Create(parameter.Name, value));
            }
        }

        return sent;
    }

    private static DefaultHttpContext Context(
        IServiceProvider services,
        TryItRequest request,
        TryItCaller caller,
        string method,
        string path,
        QueryString query,
        List<KeyValuePair<string, string>> headers,
        byte[] body,
        Stream response,
        CancellationToken aborted)
    {
        var context = new DefaultHttpContext { RequestServices = services, RequestAborted = aborted };
        context.Request.Method = method.ToUpperInvariant();
        // As the browser's own call would come in: the gateway tells the upstream of them (X-Forwarded-Proto, -Host, -For).
        context.Request.Scheme = caller.Scheme;
        context.Request.Host = caller.Host;
        context.Connection.RemoteIpAddress = caller.Address;
        context.Request.Protocol = "HTTP/1.1";
        context.Request.Path = new PathString($"/gw/{request.Slug}{path}");
        context.Request.QueryString = query;
        context.Request.Headers[GatewayHeaders.ApiKey] = request.ApiKey.Trim();
        context.Request.Headers.Accept = "application/json, application/problem+json, */*";
        context.Request.Headers.UserAgent = caller.UserAgent;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }
        context.Request.Body = new MemoryStream(body, writable: false);
        if (body.Length > 0)
        {
            context.Request.ContentLength = body.Length;
            context.Request.ContentType = string.IsNullOrWhiteSpace(request.ContentType) ? "application/json" : request.ContentType;
        }

        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(body.Length > 0));
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(response));
        return context;
    }

    private static List<KeyValuePair<string, string>> Headers(HttpResponse response) =>
        response.Headers
            .Where(h => h.Key.StartsWith("RateLimit-", StringComparison.OrdinalIgnoreCase) || ShownHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Key, h.Value.ToString()))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// The answer as text when its type says it is text or it reads as UTF-8 without NUL bytes; else a note of its size,
    /// since bytes decoded as text would show as noise.
    /// </summary>
    private static string Shown(byte[] body, string? contentType, bool truncated)
    {
        if (IsText(contentType) || (Utf8.IsValid(body) && !body.AsSpan().Contains((byte)0)))
        {
            var text = Encoding.UTF8.GetString(body);
            return truncated ? text : Format(text, contentType);
        }

        return string.Create(CultureInfo.InvariantCulture, $"(binary answer, {(truncated ? "over " : "")}{body.Length:N0} bytes)");
    }

    private static bool IsText(string? contentType) =>
        contentType is not null && (contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || TextualTypes.Any(t => contentType.Contains(t, StringComparison.OrdinalIgnoreCase)));

    /// <summary>JSON (problem+json too) indented; anything else as it came.</summary>
    private static string Format(string text, string? contentType)
    {
        if (contentType is null || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        try
        {
            return JsonNode.Parse(text)?.ToJsonString(Pretty) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private sealed record BodyDetection(bool CanHaveBody) : IHttpRequestBodyDetectionFeature;

    [LoggerMessage(Level = LogLevel.Error, Message = "A Try it call to {Slug}{Path} failed in the gateway")]
    private static partial void LogFailed(ILogger logger, Exception exception, string slug, string path);
}
