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
            .WithSummary($"List the organization's own listings, the latest changed first, with subscribers, calls, errors and latency over the last days "
                + $"(1 to {MaxDays}, default 30): page from 1, pageSize 1 to {PlatformPage.MaxSize} (default 20).")
            .WithTags("Listings");
        return api;
    }

    private static async Task<Ok<PlatformList<ProviderListing>>> ListAsync(
        Guid organizationId, int? days, int? page, int? pageSize, ClaimsPrincipal user, ListingService listings, UsageService usage,
        CancellationToken cancellationToken)
    {
        var window = days ?? 30;
        if (window is < 1 or > MaxDays)
        {
            throw new InvalidInputException("days", $"Choose 1 to {MaxDays} days.");
        }

        var (number, size) = PlatformPage.Read(page, pageSize, "listings");

        var userId = user.RequireUserId();
        var own = await listings.ListPageAsync(userId, organizationId, [], number - 1, size, cancellationToken);
        var stats = (await usage.ForListingsAsync(userId, organizationId, [.. own.Items.Select(l => l.Id)], window, cancellationToken)).ToDictionary(s => s.ListingId);
        return TypedResults.Ok(new PlatformList<ProviderListing>(number, size, own.Total, [.. own.Items.Select(l => new ProviderListing(l, stats.GetValueOrDefault(l.Id)))]));
    }
}
