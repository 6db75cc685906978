using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Organizations;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// Answers 404 on a route of an organization the caller is not a member of, before its handler checks the body or the
/// query: an outsider learns nothing from which of its inputs would be refused, and gets what an unknown organization gets.
/// The role a route needs is still checked by the service it calls.
/// </summary>
internal sealed class OrganizationMembershipFilter(IDbContextFactory<TrustVaultDbContext> contexts) : IEndpointFilter
{
    public const string RouteValue = "organizationId";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Guid.TryParse(http.GetRouteValue(RouteValue)?.ToString(), out var organizationId))
        {
            await using var db = await contexts.CreateDbContextAsync(http.RequestAborted);
            await db.RequireRoleAsync(http.User.RequireUserId(), organizationId, http.RequestAborted);
        }

        return await next(context);
    }
}
