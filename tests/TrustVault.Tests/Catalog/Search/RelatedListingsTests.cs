using TrustVault.Core.Catalog.Search;

namespace TrustVault.Tests.Catalog.Search;

public sealed class RelatedListingsTests : IDisposable
{
    private static readonly CatalogDocument Skycast = Doc("skycast", "Skycast Weather", "Weather", "Hourly forecasts and severe weather alerts", ["weather", "forecast"]);
    private static readonly CatalogDocument StormWatch = Doc("stormwatch", "StormWatch", "Weather", "Storm forecasts and weather warnings", ["storms", "weather"]);
    private static readonly CatalogDocument Tides = Doc("tides", "Tide Tables", "Weather", "High and low water", ["tides"]);
    private static readonly CatalogDocument FarmCast = Doc("farmcast", "FarmCast", "Agriculture", "Weather forecasts for farms", ["weather"]);
    private static readonly CatalogDocument Sendwave = Doc("sendwave", "Sendwave SMS", "Communication", "Text messages to any phone", ["sms"]);

    private readonly CatalogSearchIndex index = new();

    public RelatedListingsTests() => index.Rebuild([Skycast, StormWatch, Tides, FarmCast, Sendwave]);

    public void Dispose() => index.Dispose();

    private static CatalogDocument Doc(string slug, string name, string category, string summary, string[] tags) =>
        // Each by its own provider: a provider's name is a term, and shared it would relate every listing a little.
        new(Guid.NewGuid(), slug, name, summary, "", category, tags, [], $"{slug}co", false, 0m, true, "USD", false, 0, 0, 0, DateTimeOffset.UnixEpoch, null);

    private IEnumerable<string> Related(CatalogDocument listing, int count) => index.Related(listing.ListingId, count).Select(d => d.Slug);

    [Fact]
    public void The_most_similar_listings_come_first_and_never_the_listing_itself()
    {
        var related = Related(Skycast, 3).ToList();

        // StormWatch shares the category and most words; the other two share one or the other.
        Assert.Equal("stormwatch", related[0]);
        Assert.Equal(["farmcast", "tides"], related[1..].Order());
        Assert.DoesNotContain("skycast", Related(Skycast, 10));
    }

    [Fact]
    public void A_listing_sharing_nothing_is_not_related()
    {
        Assert.DoesNotContain("sendwave", Related(Skycast, 10));
        Assert.Empty(Related(Sendwave, 10));
    }

    [Fact]
    public void A_listing_taken_out_of_the_catalog_is_neither_related_nor_has_related_listings()
    {
        index.Remove(StormWatch.ListingId);

        Assert.DoesNotContain("stormwatch", Related(Skycast, 10));
        Assert.Empty(Related(StormWatch, 10));
    }

    [Fact]
    public void A_changed_listing_is_compared_as_it_is_now()
    {
        index.Upsert(Sendwave with { Summary = "Severe weather alerts by text message", Tags = ["weather", "alerts"] });

        Assert.Contains("sendwave", Related(Skycast, 10));
    }
}
