namespace TrustVault.Web.Errors;

/// <summary>Paths answered to programs rather than people: their errors are problem+json, never pages or redirects.</summary>
public static class ApiPaths
{
    private static readonly PathString[] Prefixes = ["/api", "/gw", "/health", "/metrics", "/webhooks"];

    public static bool IsApi(PathString path) => Prefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
