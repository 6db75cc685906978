namespace TrustVault.Core.Catalog;

/// <summary>What a provider enters for a listing; checked by <see cref="ListingRules"/>.</summary>
public sealed record ListingInput
{
    public string Name { get; init; } = "";
    public string Slug { get; init; } = "";
    public string Summary { get; init; } = "";
    public string Description { get; init; } = "";
    public string Category { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? LogoUrl { get; init; }
    public string? UpstreamBaseUrl { get; init; }
    public string? HealthPath { get; init; }
    public string Version { get; init; } = "1.0.0";

    public static ListingInput From(Listing listing) => new()
    {
        Name = listing.Name,
        Slug = listing.Slug,
        Summary = listing.Summary,
        Description = listing.Description,
        Category = listing.Category,
        Tags = [.. listing.Tags],
        LogoUrl = listing.LogoUrl,
        UpstreamBaseUrl = listing.UpstreamBaseUrl,
        HealthPath = listing.HealthPath,
        Version = listing.Version,
    };
}
