using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Subscriptions;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>The organization's live subscriptions, as the console lists them.</summary>
internal static class SubscriptionsApi
{
    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organizations/{organizationId:guid}/subscriptions", ListAsync)
            .WithName("ListSubscriptions")
            .WithSummary("List the organization's live subscriptions with their plans.")
            .WithTags("Subscriptions");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<SubscriptionView>>> ListAsync(
        Guid organizationId, ClaimsPrincipal user, SubscriptionService subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Ok(await subscriptions.ListAsync(user.RequireUserId(), organizationId, cancellationToken));
}
