namespace TrustVault.Web.Api;

/// <summary>
/// TrustVault's own APIs, served in-process behind the same gateway pipeline as third-party ones.
/// Every first-party listing answers /v1/ping; the analytics engines add their routes here.
/// </summary>
internal static class FirstPartyApis
{
    private static readonly Dictionary<(string Slug, string Method, string Path), Func<HttpContext, Task>> Routes = new()
    {
        [("ai-analytics", "POST", "v1/forecast")] = AnalyticsApi.ForecastAsync,
        [("ai-analytics", "POST", "v1/profile")] = AnalyticsApi.ProfileAsync,
        [("privacy-analytics", "POST", "v1/dp/count")] = PrivacyApi.CountAsync,
        [("privacy-analytics", "POST", "v1/dp/sum")] = PrivacyApi.SumAsync,
        [("privacy-analytics", "POST", "v1/dp/mean")] = PrivacyApi.MeanAsync,
        [("privacy-analytics", "POST", "v1/dp/histogram")] = PrivacyApi.HistogramAsync,
        [("privacy-analytics", "GET", "v1/dp/budget")] = PrivacyApi.BudgetAsync,
        [("privacy-analytics", "POST", "v1/paillier/sum")] = PrivacyApi.PaillierSumAsync,
        [("privacy-analytics", "POST", "v1/paillier/mean")] = PrivacyApi.PaillierMeanAsync,
        [("onchain-analytics", "POST", "v1/logs/analyze")] = OnChainApi.AnalyzeAsync,
        [("onchain-analytics", "GET", "v1/demo")] = OnChainApi.DemoAsync,
        [("onchain-analytics", "POST", "v1/rpc/analyze")] = OnChainApi.RpcAnalyzeAsync,
        [("ai-analytics", "POST", "v1/anomalies")] = AnomaliesApi.DetectAsync,
        [("ai-analytics", "POST", "v1/narrative")] = NarrativeApi.NarrateAsync,
        [("business-intelligence", "POST", "v1/mrr")] = BusinessIntelligenceApi.MrrAsync,
        [("business-intelligence", "POST", "v1/retention")] = BusinessIntelligenceApi.RetentionAsync,
        [("business-intelligence", "POST", "v1/funnel")] = BusinessIntelligenceApi.FunnelAsync,
    };

    private const string JobsPath = "v1/jobs/";

    /// <returns>False when the listing has no such route (the gateway answers 404).</returns>
    public static async Task<bool> TryHandleAsync(HttpContext context, string slug, string path, string requestId, TimeProvider clock)
    {
        if (path == "v1/ping" && HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.WriteAsJsonAsync(new { status = "ok", api = slug, requestId, time = clock.GetUtcNow() });
            return true;
        }

        if (slug == "ai-analytics" && HttpMethods.IsGet(context.Request.Method) && path.StartsWith(JobsPath, StringComparison.Ordinal))
        {
            await AnalyticsApi.JobAsync(context, path[JobsPath.Length..]);
            return true;
        }

        if (!Routes.TryGetValue((slug, context.Request.Method.ToUpperInvariant(), path.TrimEnd('/')), out var handler))
        {
            return false;
        }

        await handler(context);
        return true;
    }
}
