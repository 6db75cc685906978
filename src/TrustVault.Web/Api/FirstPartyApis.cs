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

    /// <summary>Each listing's route group under /gw/{slug}, behind the gateway step; a GET route answers HEAD too (the server sends no body).</summary>
    public static WebApplication MapFirstPartyApis(this WebApplication app)
    {
        foreach (var api in All)
        {
            var group = app.MapFirstPartyListing(api.Slug);
            foreach (var route in api.Routes)
            {
                group.MapMethods("/" + route.Path, HttpMethods.IsGet(route.Method) ? [HttpMethods.Get, HttpMethods.Head] : [route.Method], route.Handle)
                    .ExcludeFromDescription();
            }
        }

        return app;
    }

    internal sealed record PingResponse(string Status, string Api, string RequestId, DateTimeOffset Time);

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
