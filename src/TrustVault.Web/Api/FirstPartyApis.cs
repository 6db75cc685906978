using TrustVault.Core.Catalog;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Api;

/// <summary>
/// TrustVault's own APIs, served in-process behind the same gateway pipeline as third-party ones. This table is both
/// what the gateway dispatches to and what each listing's OpenAPI document is generated from (<see cref="FirstPartyOpenApi"/>).
/// </summary>
internal static class FirstPartyApis
{
    public static IReadOnlyList<FirstPartyApi> All { get; } =
    [
        new("ai-analytics", "AI Analytics",
            "Dataset profiling, anomaly detection, Holt-Winters forecasting with prediction intervals, and narrative summaries.",
            [Ping("ai-analytics"), .. AnalyticsApi.Routes, .. AnomaliesApi.Routes, .. NarrativeApi.Routes]),
        new("business-intelligence", "Business Intelligence",
            "SaaS metrics from subscription data: MRR movements, churn, retention cohorts, LTV and funnel conversion.",
            [Ping("business-intelligence"), .. BusinessIntelligenceApi.Routes]),
        new("privacy-analytics", "Privacy-Preserving Analytics",
            "Differentially private counts, sums, means and histograms with a privacy budget per dataset, and Paillier-encrypted aggregation.",
            [Ping("privacy-analytics"), .. PrivacyApi.Routes]),
        new("onchain-analytics", "On-Chain Analytics",
            "ERC-20 transfers, Uniswap-V2-style swaps, token flows, top holders, whales and DEX volume from EVM logs.",
            [Ping("onchain-analytics"), .. OnChainApi.Routes]),
    ];

    private static readonly Dictionary<string, FirstPartyApi> BySlug = All.ToDictionary(a => a.Slug);

    /// <summary>
    /// The listing's endpoint for the call's path and method, HEAD taken as GET (the server sends no body); null when it
    /// has none, after answering 405 with the methods allowed when only the method is wrong, 404 when the listing has no
    /// such path.
    /// </summary>
    public static async Task<FirstPartyRoute?> FindAsync(HttpContext context, string slug, string path)
    {
        var segments = Segments(path);
        var routes = BySlug.TryGetValue(slug, out var api) ? api.Routes.Where(r => Matches(r, segments)).ToList() : [];
        if (routes.Count == 0)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown endpoint", $"'{slug}' has no endpoint /{path}.");
            return null;
        }

        var method = HttpMethods.IsHead(context.Request.Method) ? HttpMethods.Get : context.Request.Method;
        var route = routes.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase));
        if (route is null)
        {
            var allowed = routes.Select(r => r.Method.ToUpperInvariant()).Distinct().ToList();
            if (allowed.Contains(HttpMethods.Get))
            {
                allowed.Add(HttpMethods.Head);
            }

            context.Response.Headers.Allow = string.Join(", ", allowed);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"/{path} of '{slug}' answers {string.Join(", ", allowed)}, not {context.Request.Method}.");
        }

        return route;
    }

    /// <summary>Answers a gateway call with the <paramref name="route"/> <see cref="FindAsync"/> found for its path.</summary>
    public static Task HandleAsync(HttpContext context, FirstPartyRoute route, string path)
    {
        var segments = Segments(path);
        var template = route.Path.Split('/');
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{'))
            {
                context.Request.RouteValues[template[i][1..^1]] = segments[i];
            }
        }

        return route.Handle(context);
    }

    private static string[] Segments(string path) => path.TrimEnd('/').Split('/');

    /// <summary>Whether the path fits the route's template, whose <c>{name}</c> segments match any value.</summary>
    private static bool Matches(FirstPartyRoute route, string[] segments)
    {
        var template = route.Path.Split('/');
        return template.Length == segments.Length
            && template.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal));
    }

    public sealed record PingResponse(string Status, string Api, string RequestId, DateTimeOffset Time);

    /// <summary>Every first-party listing answers GET /v1/ping.</summary>
    private static FirstPartyRoute Ping(string slug) =>
        new("GET", "v1/ping", "Health", "Check that the API answers and your key works", context => context.Response.WriteAsJsonAsync(
            new PingResponse("ok", slug, context.Response.Headers[UpstreamSignature.RequestIdHeader].ToString(), context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()),
            FirstPartyRequests.Json,
            context.RequestAborted))
        {
            Response = typeof(PingResponse),
        };
}
