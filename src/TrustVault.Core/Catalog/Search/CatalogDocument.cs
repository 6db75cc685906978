namespace TrustVault.Core.Catalog.Search;

/// <summary>What the catalog search knows of one published listing.</summary>
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
    string Currency,
    bool HasFreeTrial,
    double AverageRating,
    int ReviewCount,
    int Popularity,
    DateTimeOffset PublishedAt,
    string? LogoUrl)
{
    public PriceBand? PriceBand => LowestMonthlyPrice is { } price ? PriceBands.Of(price) : null;
}
