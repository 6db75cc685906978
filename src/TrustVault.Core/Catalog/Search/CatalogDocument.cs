namespace TrustVault.Core.Catalog.Search;

/// <summary>What the catalog search knows of one published listing.</summary>
/// <param name="LowestMonthlyPrice">The smallest monthly fee of its offered plans; null when it offers none.</param>
/// <param name="HasFreePlan">One of its offered plans charges nothing (<see cref="Plan.Charges"/>): a fee of 0 with a price per call is not free.</param>
public sealed record CatalogDocument(
    Guid ListingId,
    string Slug,
    string Name,
    string Summary,
    string Description,
    string Category,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> EndpointSummaries,
    string ProviderName,
    bool IsFirstParty,
    decimal? LowestMonthlyPrice,
    bool HasFreePlan,
    string Currency,
    bool HasFreeTrial,
    double AverageRating,
    int ReviewCount,
    int Popularity,
    DateTimeOffset PublishedAt,
    string? LogoUrl)
{
    public PriceBand? PriceBand => LowestMonthlyPrice is { } price ? PriceBands.Of(price, HasFreePlan) : null;
}
