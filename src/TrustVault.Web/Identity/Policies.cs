using TrustVault.Core.Identity;

namespace TrustVault.Web.Identity;

/// <summary>Authorization policy names used by pages and endpoints.</summary>
public static class Policies
{
    public const string Admin = PlatformRoles.Admin;
}
