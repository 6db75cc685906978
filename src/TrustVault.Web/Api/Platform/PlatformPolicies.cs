namespace TrustVault.Web.Api.Platform;

/// <summary>The platform API's authorization policies: a personal access token with the read or the write scope.</summary>
internal static class PlatformPolicies
{
    public const string Read = "platform:read";
    public const string Write = "platform:write";
}
