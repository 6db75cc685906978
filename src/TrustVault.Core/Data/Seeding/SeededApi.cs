using TrustVault.Core.Catalog;

namespace TrustVault.Core.Data.Seeding;

/// <summary>What an API of a seeded catalog, first-party or the demo's, is listed with.</summary>
internal interface ISeededApi
{
    string Slug { get; }

    string Name { get; }

    string Category { get; }

    string Summary { get; }

    string Description { get; }

    string[] Tags { get; }

    PlanInput[] Plans { get; }
}

/// <summary>The listing both seeders publish for an API of their catalog.</summary>
internal static class SeededListing
{
    /// <summary>
    /// <paramref name="api"/> listed by <paramref name="organizationId"/>, published at <paramref name="publishedAt"/>, with
    /// its plans checked and made as a provider's are.
    /// </summary>
    public static Listing Published(ISeededApi api, Guid organizationId, DateTimeOffset publishedAt, bool isFirstParty = false)
    {
        var listing = new Listing
        {
            OrganizationId = organizationId,
            Name = api.Name,
            Slug = api.Slug,
            Summary = api.Summary,
            Description = api.Description,
            Category = api.Category,
            Tags = [.. api.Tags],
            IsFirstParty = isFirstParty,
            Status = ListingStatus.Published,
            PublishedAt = publishedAt,
        };
        listing.Plans.AddRange(SeedPlans.For(listing, api.Plans));
        return listing;
    }
}
