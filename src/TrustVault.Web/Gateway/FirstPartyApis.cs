namespace TrustVault.Web.Gateway;

/// <summary>
/// TrustVault's own APIs, served in-process behind the same gateway pipeline as third-party ones.
/// The analytics engines add their routes here; every first-party listing answers /v1/ping.
/// </summary>
internal static class FirstPartyApis
{
    /// <returns>False when the listing has no such route (the gateway answers 404).</returns>
    public static async Task<bool> TryHandleAsync(HttpContext context, string slug, string path, string requestId, TimeProvider clock)
    {
        if (path == "v1/ping" && HttpMethods.IsGet(context.Request.Method))
        {
            await context.Response.WriteAsJsonAsync(new { status = "ok", api = slug, requestId, time = clock.GetUtcNow() });
            return true;
        }

        return false;
    }
}
