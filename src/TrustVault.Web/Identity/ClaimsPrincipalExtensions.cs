using System.Security.Claims;

namespace TrustVault.Web.Identity;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The Identity user id of a signed-in principal.</summary>
    public static string RequireUserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The caller is not signed in.");
}
