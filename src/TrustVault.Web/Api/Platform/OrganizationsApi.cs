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
            .ProducesValidationProblem()
            .WithName("ListOrganizations")
            .WithSummary($"List the organizations you are a member of, with your role in each, your personal one first and then by name: page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20).")
            .WithTags("Organizations");
        return api;
    }

    private static async Task<Ok<PlatformList<OrganizationMembership>>> ListAsync(
        int? page, int? pageSize, ClaimsPrincipal user, OrganizationService organizations, CancellationToken cancellationToken)
    {
        var (number, size) = PlatformPage.Read(page, pageSize, "organizations");

        var result = await organizations.ListPageForUserAsync(user.RequireUserId(), number - 1, size, cancellationToken);
        return TypedResults.Ok(new PlatformList<OrganizationMembership>(number, size, result.Total, result.Items));
    }
}
