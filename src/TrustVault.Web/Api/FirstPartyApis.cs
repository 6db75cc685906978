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

    /// <returns>False when the listing has no such route (the gateway answers 404).</returns>
    public static async Task<bool> TryHandleAsync(HttpContext context, string slug, string path)
    {
        if (!BySlug.TryGetValue(slug, out var api))
        {
            return false;
        }

        var segments = path.TrimEnd('/').Split('/');
        foreach (var route in api.Routes)
        {
            if (string.Equals(route.Method, context.Request.Method, StringComparison.OrdinalIgnoreCase) && Matches(route, segments, context.Request.RouteValues))
            {
                await route.Handle(context);
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the path fits the route's template; its <c>{name}</c> segments are set as route values.</summary>
    private static bool Matches(FirstPartyRoute route, string[] segments, RouteValueDictionary values)
    {
        var template = route.Path.Split('/');
        if (template.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < template.Length; i++)
        {
            if (!template[i].StartsWith('{') && !string.Equals(template[i], segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{'))
            {
                values[template[i][1..^1]] = segments[i];
            }
        }

        return true;
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
