using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Api;

/// <summary>
/// TrustVault's own APIs, served in-process behind the same gateway pipeline as third-party ones. This table is both
/// what the gateway dispatches to and what each listing's OpenAPI document is generated from (<see cref="FirstPartyOpenApi"/>).
/// </summary>
public static class FirstPartyApis
{
    internal static IReadOnlyList<FirstPartyApi> All { get; } =
    [
        new("ai-analytics", "AI Analytics",
            "Dataset profiling, anomaly detection, Holt-Winters forecasting with prediction intervals, and narrative summaries.",
            [PingRoute(), .. AnalyticsApi.Routes, .. AnomaliesApi.Routes, .. NarrativeApi.Routes]),
        new("business-intelligence", "Business Intelligence",
            "SaaS metrics from subscription data: MRR movements, churn, retention cohorts, LTV and funnel conversion.",
            [PingRoute(), .. BusinessIntelligenceApi.Routes]),
        new("privacy-analytics", "Privacy-Preserving Analytics",
            "Differentially private counts, sums, means and histograms with a privacy budget per dataset, and Paillier-encrypted aggregation.",
            [PingRoute(), .. PrivacyApi.Routes]),
        new("onchain-analytics", "On-Chain Analytics",
            "ERC-20 transfers, Uniswap-V2-style swaps, token flows, top holders, whales and DEX volume from EVM logs.",
            [PingRoute(), .. OnChainApi.Routes]),
    ];

    /// <summary>
    /// Each listing's route group under /gw/{slug}, behind the gateway step; a GET endpoint answers HEAD too (the server
    /// sends no body).
    /// </summary>
    public static WebApplication MapFirstPartyApis(this WebApplication app)
    {
        var groups = All.ToDictionary(api => api.Slug, api => app.MapFirstPartyListing(api.Slug));
        foreach (var (slug, group) in groups)
        {
            group.MapMethods("/v1/ping", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, TimeProvider clock) => Ping(context, slug, clock))
                .WithTags("Health")
                .WithSummary(PingSummary);
        }

        groups["ai-analytics"].MapAnalyticsApi().MapAnomaliesApi().MapNarrativeApi();
        groups["business-intelligence"].MapBusinessIntelligenceApi();
        groups["privacy-analytics"].MapPrivacyApi();
        groups["onchain-analytics"].MapOnChainApi();
        return app;
    }

    internal sealed record PingResponse(string Status, string Api, string RequestId, DateTimeOffset Time);

    private const string PingSummary = "Check that the API answers and your key works";

    /// <summary>Every first-party listing answers GET /v1/ping.</summary>
    private static FirstPartyRoute PingRoute() => new("GET", "v1/ping", "Health", PingSummary) { Response = typeof(PingResponse) };

    private static JsonHttpResult<PingResponse> Ping(HttpContext context, string slug, TimeProvider clock) =>
        TypedResults.Json(new PingResponse("ok", slug, context.Response.Headers[UpstreamSignature.RequestIdHeader].ToString(), clock.GetUtcNow()), FirstPartyRequests.Json);
}
