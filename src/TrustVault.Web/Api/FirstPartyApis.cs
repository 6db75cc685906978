using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Api;

/// <summary>One first-party listing: its gateway slug, and the title and description of its OpenAPI document.</summary>
public sealed record FirstPartyListing(string Slug, string Title, string Description);

/// <summary>
/// TrustVault's own APIs: each listing's endpoints are a route group under /gw/{slug}, served behind the same gateway
/// step as third-party ones, and described by an OpenAPI document of its own (<see cref="FirstPartyDocuments"/>).
/// </summary>
public static class FirstPartyApis
{
    public static IReadOnlyList<FirstPartyListing> Listings { get; } =
    [
        new("ai-analytics", "AI Analytics",
            "Dataset profiling, anomaly detection, automatic forecasting (ETS, ARIMA, Theta or their mean, chosen by backtest) with prediction intervals, and narrative summaries."),
        new("business-intelligence", "Business Intelligence",
            "SaaS metrics from subscription data: MRR movements, churn, retention cohorts, LTV and funnel conversion."),
        new("privacy-analytics", "Privacy-Preserving Analytics",
            "Differentially private counts, sums, means and histograms with a privacy budget per dataset, and Paillier-encrypted aggregation."),
        new("onchain-analytics", "On-Chain Analytics",
            "ERC-20 transfers, Uniswap-V2-style swaps, token flows, top holders, whales and DEX volume from EVM logs."),
    ];

    /// <summary>Each listing's route group under /gw/{slug}, behind the gateway step; a GET endpoint answers HEAD too (the server sends no body).</summary>
    public static WebApplication MapFirstPartyApis(this WebApplication app)
    {
        var groups = Listings.ToDictionary(api => api.Slug, api => app.MapFirstPartyListing(api.Slug));
        foreach (var (slug, group) in groups)
        {
            group.MapMethods("/v1/ping", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, TimeProvider clock) => Ping(context, slug, clock))
                .WithTags("Health")
                .WithSummary("Check that the API answers and your key works")
                .Produces<PingResponse>();
        }

        groups["ai-analytics"].MapAnalyticsApi().MapAnomaliesApi().MapNarrativeApi();
        groups["business-intelligence"].MapBusinessIntelligenceApi();
        groups["privacy-analytics"].MapPrivacyApi();
        groups["onchain-analytics"].MapOnChainApi();
        return app;
    }

    internal sealed record PingResponse(string Status, string Api, string RequestId, DateTimeOffset Time);

    private static JsonHttpResult<PingResponse> Ping(HttpContext context, string slug, TimeProvider clock) =>
        TypedResults.Json(new PingResponse("ok", slug, context.Response.Headers[UpstreamSignature.RequestIdHeader].ToString(), clock.GetUtcNow()), FirstPartyRequests.Json);
}
