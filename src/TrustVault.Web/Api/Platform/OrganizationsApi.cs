using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Organizations;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>The organizations the token's user belongs to: the ids every other route starts from.</summary>
internal static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organizations", ListAsync)
            .WithName("ListOrganizations")
            .WithSummary("List the organizations you are a member of, with your role in each.")
            .WithTags("Organizations");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<OrganizationMembership>>> ListAsync(
        ClaimsPrincipal user, OrganizationService organizations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await organizations.ListForUserAsync(user.RequireUserId(), cancellationToken));
}
