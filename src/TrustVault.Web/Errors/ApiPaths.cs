namespace TrustVault.Web.Errors;

/// <summary>Paths answered to programs rather than people: their errors are problem+json, never pages or redirects.</summary>
public static class ApiPaths
{
    private static readonly PathString[] Prefixes = ["/api", "/gw", "/health", "/metrics", "/webhooks"];

    /// <remarks>A loop, not Any with a lambda: asked twice for every request, and the lambda held the path in a new closure each time.</remarks>
    public static bool IsApi(PathString path)
    {
        foreach (var prefix in Prefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
