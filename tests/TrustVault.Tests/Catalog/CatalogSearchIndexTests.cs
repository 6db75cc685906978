using TrustVault.Core.Catalog.Search;

namespace TrustVault.Tests.Catalog;

public sealed class CatalogSearchIndexTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CatalogSearchIndex index = new();

    public CatalogSearchIndexTests() => index.Rebuild(
    [
        Doc("weather", "Skycast Weather", "Weather", "Forecasts and alerts", price: 0m, trial: true, rating: 4.5, reviews: 10, popularity: 50, age: 10,
            tags: ["weather", "forecast"], endpoints: ["Hourly forecast for a coordinate"]),
        Doc("storms", "Storm Tracker", "Weather", "Hurricane paths for shipping", price: 99m, trial: false, rating: 3.0, reviews: 2, popularity: 5, age: 1,
            tags: ["storms"], endpoints: ["Current storm positions"]),
        Doc("fx", "FX Rates", "Finance", "Exchange rates and a weather-independent forecast of nothing", price: 9m, trial: false, rating: 4.0, reviews: 3, popularity: 30, age: 5,
            tags: ["currency"], endpoints: ["Latest rates"]),
        Doc("stocks", "Stock Quotes", "Finance", "Quotes for equities", price: 250m, trial: true, rating: 0, reviews: 0, popularity: 80, age: 3,
            tags: ["stocks"], endpoints: ["Quote of a ticker symbol"]),
        Doc("sms", "Sendwave SMS", "Communication", "Text messages worldwide", price: 0m, trial: false, rating: 2.0, reviews: 1, popularity: 1, age: 20,
            tags: ["sms"], endpoints: ["Send a message to a phone number"]),
    ]);

    public void Dispose() => index.Dispose();

    private static CatalogDocument Doc(
        string slug, string name, string category, string summary, decimal price, bool trial, double rating, int reviews, int popularity, int age,
        string[] tags, string[] endpoints, bool payPerUse = false) =>
        new(Guid.NewGuid(), slug, name, summary, "", category, tags, endpoints, "Provider", false, price, price == 0m && !payPerUse, "USD", trial, rating, reviews, popularity,
            Start.AddDays(-age), null);

    private static IEnumerable<string> Slugs(CatalogSearchResult result) => result.Hits.Select(h => h.Document.Slug);

    [Fact]
    public void Matches_rank_by_field_weight_name_and_tags_then_summary_then_category()
    {
        var result = index.Search(new CatalogQuery { Text = "weather" });

        Assert.Equal(["weather", "fx", "storms"], Slugs(result));
    }

    [Fact]
    public void Every_word_of_the_query_must_match()
    {
        var result = index.Search(new CatalogQuery { Text = "weather storms" });

        Assert.Equal(["storms"], Slugs(result));
    }

    [Fact]
    public void Endpoint_summaries_are_searchable_and_words_match_by_prefix_and_plural()
    {
        Assert.Equal(["sms"], Slugs(index.Search(new CatalogQuery { Text = "phone" })));
        Assert.Equal(["stocks"], Slugs(index.Search(new CatalogQuery { Text = "ticker" })));
        Assert.Equal(["weather", "fx"], Slugs(index.Search(new CatalogQuery { Text = "forec" })));
        Assert.Contains("sms", Slugs(index.Search(new CatalogQuery { Text = "messages" })));
    }

    [Fact]
    public void Facet_counts_ignore_their_own_filter_but_apply_the_others()
    {
        var result = index.Search(new CatalogQuery { Categories = new HashSet<string> { "Weather" }, FreeTrialOnly = true });

        Assert.Equal(["weather"], Slugs(result));
        // Categories counted with the trial filter only: Weather 1 (skycast), Finance 1 (stocks).
        Assert.Equal([new FacetCount<string>("Finance", 1), new FacetCount<string>("Weather", 1)], result.Facets.Categories);
        // Trial counted with the category filter only: both weather listings, one with a trial.
        Assert.Equal(1, result.Facets.WithFreeTrial);
        Assert.Equal(1, result.Facets.PriceBands.Single(b => b.Value == PriceBand.Free).Count);
    }

    [Fact]
    public void A_chosen_category_without_matches_stays_listed_with_none_so_it_can_be_unchecked()
    {
        var result = index.Search(new CatalogQuery { Text = "sms", Categories = new HashSet<string> { "Weather" } });

        Assert.Empty(result.Hits);
        Assert.Equal([new FacetCount<string>("Communication", 1), new FacetCount<string>("Weather", 0)], result.Facets.Categories);
    }

    [Fact]
    public void Facets_count_only_listings_matching_the_text()
    {
        var result = index.Search(new CatalogQuery { Text = "weather" });

        Assert.Equal([new FacetCount<string>("Weather", 2), new FacetCount<string>("Finance", 1)], result.Facets.Categories);
        Assert.Equal([1, 1, 1, 0], result.Facets.PriceBands.Select(b => b.Count));
        Assert.Equal([2, 3, 3, 3], result.Facets.MinRatings.Select(r => r.Count));
    }

    [Theory]
    [InlineData(PriceBand.Free, new[] { "sms", "weather" })]
    [InlineData(PriceBand.Under50, new[] { "fx" })]
    [InlineData(PriceBand.From50To200, new[] { "storms" })]
    [InlineData(PriceBand.Over200, new[] { "stocks" })]
    public void Price_bands_filter_by_the_cheapest_plan(PriceBand band, string[] expected)
    {
        var result = index.Search(new CatalogQuery { PriceBands = new HashSet<PriceBand> { band }, Sort = CatalogSort.Price });

        Assert.Equal(expected.Order(), Slugs(result).Order());
    }

    [Fact]
    public void A_plan_without_a_monthly_fee_that_bills_every_call_is_not_free_and_sorts_after_free_ones()
    {
        using var catalog = new CatalogSearchIndex();
        catalog.Rebuild(
        [
            Doc("sms", "Sendwave SMS", "Communication", "Text messages", price: 0m, trial: false, rating: 0, reviews: 0, popularity: 0, age: 0,
                tags: [], endpoints: [], payPerUse: true),
            Doc("weather", "Skycast Weather", "Weather", "Forecasts", price: 0m, trial: false, rating: 0, reviews: 0, popularity: 0, age: 0, tags: [], endpoints: []),
            Doc("fx", "FX Rates", "Finance", "Exchange rates", price: 9m, trial: false, rating: 0, reviews: 0, popularity: 0, age: 0, tags: [], endpoints: []),
        ]);

        var free = catalog.Search(new CatalogQuery { PriceBands = new HashSet<PriceBand> { PriceBand.Free } });

        Assert.Equal(["weather"], Slugs(free));
        Assert.Equal([1, 2, 0, 0], free.Facets.PriceBands.Select(b => b.Count));
        Assert.Equal(["weather", "sms", "fx"], Slugs(catalog.Search(new CatalogQuery { Sort = CatalogSort.Price })));
    }

    [Fact]
    public void Minimum_rating_leaves_out_unrated_listings()
    {
        var result = index.Search(new CatalogQuery { MinRating = 4 });

        Assert.Equal(["weather", "fx"], Slugs(result));
    }

    [Theory]
    [InlineData(CatalogSort.Popularity, new[] { "stocks", "weather", "fx", "storms", "sms" })]
    [InlineData(CatalogSort.Rating, new[] { "weather", "fx", "storms", "sms", "stocks" })]
    [InlineData(CatalogSort.Newest, new[] { "storms", "stocks", "fx", "weather", "sms" })]
    [InlineData(CatalogSort.Price, new[] { "sms", "weather", "fx", "storms", "stocks" })]
    public void Sorts_order_the_results(CatalogSort sort, string[] expected)
    {
        Assert.Equal(expected, Slugs(index.Search(new CatalogQuery { Sort = sort })));
    }

    [Fact]
    public void Results_are_paged()
    {
        var second = index.Search(new CatalogQuery { Sort = CatalogSort.Newest, Page = 2, PageSize = 2 });

        Assert.Equal(["fx", "weather"], Slugs(second));
        Assert.Equal(5, second.Total);
        Assert.Equal(3, second.PageCount);
    }

    [Fact]
    public void A_page_whose_offset_passes_int_max_is_empty_not_the_first()
    {
        var far = index.Search(new CatalogQuery { Sort = CatalogSort.Newest, Page = 42949674, PageSize = 50 });

        Assert.Empty(far.Hits);
        Assert.Equal(5, far.Total);
    }

    [Fact]
    public void Upsert_replaces_and_remove_drops_a_listing()
    {
        // Words as typed: "currency" is one edit from the storm tracker's "current".
        CatalogSearchResult Search(string text) => index.Search(new CatalogQuery { Text = text, ExactWords = true });
        var fx = Search("currency").Hits.Single().Document;

        index.Upsert(fx with { Tags = ["money"] });
        Assert.Empty(Search("currency").Hits);
        Assert.Single(Search("money").Hits);

        index.Remove(fx.ListingId);
        Assert.Empty(Search("money").Hits);
        Assert.Equal(4, index.Count);
    }
}
