namespace TrustVault.Core.Identity;

/// <summary>Identity roles that apply across the whole platform, not inside one organization.</summary>
public static class PlatformRoles
{
    public const string Admin = "Admin";
}
