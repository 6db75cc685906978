using Microsoft.AspNetCore.Http.HttpResults;
using TrustVault.Core.Catalog;
using TrustVault.Core.Errors;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// A published listing and the plans open to new subscribers, as its catalog page shows them: where a script finds the
/// plan id it subscribes with.
/// </summary>
internal static class CatalogApi
{
    /// <param name="OveragePricePer1000">Price per 1,000 calls past the included ones; null is a hard cap at the included calls.</param>
    public sealed record CatalogPlan(
        Guid Id, string Name, decimal MonthlyPrice, string Currency, long IncludedCallsPerMonth, decimal? OveragePricePer1000,
        int RateLimitPerSecond, int RateLimitPerMinute, int TrialDays);

    /// <param name="Slug">The listing's address now, which differs from the one asked for when the listing was renamed.</param>
    /// <param name="Plans">Cheapest first.</param>
    public sealed record CatalogListing(
        Guid Id, string Slug, string Name, string Summary, string Category, string Provider, string Version, double AverageRating, int ReviewCount,
        IReadOnlyList<CatalogPlan> Plans);

    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder api)
    {
        api.MapGet("/catalog/{slug}", GetAsync)
            .WithName("GetCatalogListing")
            .WithSummary("A published API and the plans open to new subscribers: the plan ids to subscribe with.")
            .WithTags("Catalog");
        return api;
    }

    private static async Task<Ok<CatalogListing>> GetAsync(string slug, CatalogService catalog, CancellationToken cancellationToken)
    {
        var page = await catalog.GetPublishedAsync(slug, cancellationToken)
            ?? (await catalog.RenamedToAsync(slug, cancellationToken) is { } renamed ? await catalog.GetPublishedAsync(renamed, cancellationToken) : null)
            ?? throw new NotFoundException($"No published API is at '{slug}'.");
        var listing = page.Listing;
        return TypedResults.Ok(new CatalogListing(
            listing.Id, listing.Slug, listing.Name, listing.Summary, listing.Category, page.ProviderName, listing.Version,
            Math.Round(page.AverageRating, 2), page.ReviewCount,
            [.. page.Plans.Select(p => new CatalogPlan(
                p.Id, p.Name, p.MonthlyPrice, p.Currency, p.IncludedCallsPerMonth, p.OveragePricePer1000, p.RateLimitPerSecond, p.RateLimitPerMinute, p.TrialDays))]));
    }
}
