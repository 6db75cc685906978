using TrustVault.Core.Accounts;

namespace TrustVault.Web.Accounts;

/// <summary>Authorization policy names used by pages and endpoints.</summary>
public static class Policies
{
    public const string Admin = PlatformRoles.Admin;
}
