using TrustVault.Core.Catalog.Search;

namespace TrustVault.Tests.Catalog.Search;

public sealed class CatalogSpellingTests : IDisposable
{
    private readonly CatalogSearchIndex index = new();

    public CatalogSpellingTests() => index.Rebuild(
    [
        Doc("skycast", "Skycast Weather", "Weather", "Hourly forecasts and severe weather alerts", ["weather", "forecast"]),
        Doc("stormwatch", "StormWatch", "Weather", "Storm forecast for shipping lanes", ["storms"]),
        Doc("sentimind", "SentiMind Text Analytics", "AI & Machine Learning", "Sentiment analytics for reviews", ["nlp"]),
        Doc("sendwave", "Sendwave SMS", "Communication", "Text messages to any phone", ["sms"]),
        Doc("api-hub", "API Hub v2", "Developer Tools", "One api for 300 others", ["api"]),
    ]);

    public void Dispose() => index.Dispose();

    private static CatalogDocument Doc(string slug, string name, string category, string summary, string[] tags) =>
        new(Guid.NewGuid(), slug, name, summary, "", category, tags, [], "Provider", false, 0m, true, "USD", false, 0, 0, 0, DateTimeOffset.UnixEpoch, null);

    private static IEnumerable<string> Slugs(CatalogSearchResult result) => result.Hits.Select(h => h.Document.Slug);

    private CatalogSearchResult Search(string text, bool exactWords = false) => index.Search(new CatalogQuery { Text = text, ExactWords = exactWords });

    [Theory]
    [InlineData(0, "forecast", "forecast")]
    [InlineData(1, "forcast", "forecast")]
    [InlineData(1, "wetaher", "weather")]
    [InlineData(2, "analitycs", "analytics")]
    [InlineData(1, "ab", "ba")]
    [InlineData(2, "forcats", "forecast")]
    [InlineData(1, "ab", "b")]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one_edit(int expected, string a, string b)
    {
        Assert.Equal(expected, EditDistance.Within(a, b, 2) ?? -1);
    }

    [Fact]
    public void Edit_distance_beyond_the_bound_is_null()
    {
        Assert.Null(EditDistance.Within("analitycs", "analytics", 1));
        Assert.Null(EditDistance.Within("weather", "storms", 2));
    }

    [Fact]
    public void A_misspelt_word_finds_what_its_spelling_would_and_the_result_says_so()
    {
        var result = Search("forcast");

        Assert.Equal(["skycast", "stormwatch"], Slugs(result).Order());
        Assert.Equal(new SpellingCorrection("forecast", ReplacesOriginal: true), result.Correction);
    }

    [Fact]
    public void Swapped_letters_and_two_slips_in_a_long_word_are_corrected()
    {
        Assert.Equal(["skycast", "stormwatch"], Slugs(Search("wetaher")).Order());
        var analytics = Search("analitycs");

        Assert.Equal(["sentimind"], Slugs(analytics));
        Assert.Equal("analytics", analytics.Correction?.Text);
    }

    [Fact]
    public void Every_misspelt_word_is_corrected_and_stop_words_are_kept_as_typed()
    {
        var result = Search("Storm forcast for the SHIPING lanes");

        Assert.Equal(["stormwatch"], Slugs(result));
        Assert.Equal("storm forecast for the shipping lanes", result.Correction?.Text);
    }

    [Theory]
    [InlineData("smz")]
    [InlineData("app")]
    [InlineData("v3")]
    public void Short_words_and_numbers_are_not_corrected(string text)
    {
        var result = Search(text);

        Assert.Empty(result.Hits);
        Assert.Null(result.Correction);
    }

    [Fact]
    public void Words_that_match_as_typed_are_not_corrected()
    {
        var result = Search("storm");

        Assert.Equal(["stormwatch"], Slugs(result));
        Assert.Null(result.Correction);
    }

    [Fact]
    public void Listings_matching_as_typed_rank_above_those_found_by_a_correction_and_the_correction_is_offered()
    {
        // "Forcast" is this provider's own word: it matches as typed, in one listing only, so the near "forecast" is matched too.
        index.Upsert(Doc("forcast-io", "Forcast IO", "Weather", "Maritime data", []));

        var result = Search("forcast");

        Assert.Equal("forcast-io", Slugs(result).First());
        Assert.Equal(["forcast-io", "skycast", "stormwatch"], Slugs(result).Order());
        Assert.Equal(0, result.Hits[0].CorrectedTerms);
        Assert.All(result.Hits.Skip(1), hit => Assert.Equal(1, hit.CorrectedTerms));
        Assert.Equal(new SpellingCorrection("forecast", ReplacesOriginal: false), result.Correction);
    }

    [Fact]
    public void Searching_the_words_as_typed_corrects_nothing()
    {
        var result = Search("forcast", exactWords: true);

        Assert.Empty(result.Hits);
        Assert.Null(result.Correction);
    }

    [Fact]
    public void A_correction_is_offered_even_when_another_word_finds_nothing()
    {
        var result = Search("forcast zzzzzz");

        Assert.Empty(result.Hits);
        Assert.Equal(new SpellingCorrection("forecast zzzzzz", ReplacesOriginal: false), result.Correction);
    }

    [Fact]
    public void A_removed_listings_words_are_no_longer_corrections()
    {
        index.Remove(index.Search(new CatalogQuery { Text = "sentimind" }).Hits[0].Document.ListingId);

        var result = Search("analitycs");

        Assert.Empty(result.Hits);
        Assert.Null(result.Correction);
    }
}
