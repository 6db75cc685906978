using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Core.Errors;
using TrustVault.Core.Metering;
using TrustVault.Web.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>A provider organization's own listings with their traffic, as the provider portal shows them.</summary>
internal static class ListingsApi
{
    public const int MaxDays = 90;

    public sealed record ProviderListing(ListingSummary Listing, ListingStats? Stats);

    public static RouteGroupBuilder MapListingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organizations/{organizationId:guid}/listings", ListAsync)
            .ProducesValidationProblem()
            .WithName("ListListings")
            .WithSummary($"List the organization's own listings with subscribers, calls, errors and latency over the last days (1 to {MaxDays}, default 30).")
            .WithTags("Listings");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ProviderListing>>> ListAsync(
        Guid organizationId, int? days, ClaimsPrincipal user, ListingService listings, UsageService usage, CancellationToken cancellationToken)
    {
        var window = days ?? 30;
        if (window is < 1 or > MaxDays)
        {
            throw new InvalidInputException("days", $"Choose 1 to {MaxDays} days.");
        }

        var userId = user.RequireUserId();
        var own = await listings.ListAsync(userId, organizationId, cancellationToken);
        var stats = (await usage.ForListingsAsync(userId, organizationId, [.. own.Select(l => l.Id)], window, cancellationToken)).ToDictionary(s => s.ListingId);
        IReadOnlyList<ProviderListing> result = own.Select(l => new ProviderListing(l, stats.GetValueOrDefault(l.Id))).ToList();
        return TypedResults.Ok(result);
    }
}
