using TrustVault.Core.Catalog.Search;

namespace TrustVault.Tests.Catalog.Search;

public sealed class CatalogSuggestionTests : IDisposable
{
    private readonly CatalogSearchIndex index = new();

    public CatalogSuggestionTests() => index.Rebuild(
    [
        Doc("skycast", "Skycast Weather", "Weather", "Hourly forecasts and severe weather alerts", popularity: 50),
        Doc("forecastly", "Forecastly", "Weather", "Sales forecasting", popularity: 10),
        Doc("fxrate", "FXRate Currency Exchange", "Finance", "Exchange rates and a forex forecast", popularity: 30),
        Doc("sendwave", "Sendwave SMS", "Communication", "Text messages to any phone", popularity: 5),
    ]);

    public void Dispose() => index.Dispose();

    private static CatalogDocument Doc(string slug, string name, string category, string summary, int popularity) =>
        new(Guid.NewGuid(), slug, name, summary, "", category, [], [], "Provider", false, 0m, true, "USD", false, 0, 0, popularity, DateTimeOffset.UnixEpoch, null);

    private IReadOnlyList<CatalogSuggestion> Suggest(string text, int limit = 8) => index.Suggest(text, limit);

    [Fact]
    public void An_unfinished_word_suggests_categories_then_listings_whose_names_it_starts_and_no_search_repeating_them()
    {
        var suggestions = Suggest("wea");

        Assert.Equal(
            [
                new CatalogSuggestion(CatalogSuggestionKind.Category, "Weather"),
                new CatalogSuggestion(CatalogSuggestionKind.Listing, "Skycast Weather", "skycast"),
            ],
            suggestions);
    }

    [Fact]
    public void A_stop_word_typed_so_far_is_the_start_of_longer_words()
    {
        var suggestions = Suggest("for");

        Assert.Equal(["Forecastly"], suggestions.Where(s => s.Kind == CatalogSuggestionKind.Listing).Select(s => s.Text));
        Assert.Equal(["forecast", "forecasting", "forex"], suggestions.Where(s => s.Kind == CatalogSuggestionKind.Search).Select(s => s.Text));
    }

    [Fact]
    public void A_misspelt_start_suggests_what_it_would_start()
    {
        var suggestions = Suggest("forc");

        Assert.Contains(new CatalogSuggestion(CatalogSuggestionKind.Listing, "Forecastly", "forecastly"), suggestions);
        Assert.Contains(new CatalogSuggestion(CatalogSuggestionKind.Search, "forecast"), suggestions);
    }

    [Fact]
    public void Whole_words_before_the_last_narrow_the_suggestions()
    {
        var suggestions = Suggest("currency ex");

        Assert.Equal(
            [
                new CatalogSuggestion(CatalogSuggestionKind.Listing, "FXRate Currency Exchange", "fxrate"),
                new CatalogSuggestion(CatalogSuggestionKind.Search, "currency exchange"),
            ],
            suggestions);
    }

    [Theory]
    [InlineData("ana", new[] { "analysis", "analytics" })]
    [InlineData("analytics", new[] { "analytics" })]
    [InlineData("text ana", new[] { "text analysis", "text analytics" })]
    public void Words_to_search_for_are_offered_as_listings_write_them_not_cut_to_their_terms(string typed, string[] expected)
    {
        using var analytics = new CatalogSearchIndex();
        analytics.Rebuild(
        [
            Doc("sentimind", "SentiMind", "AI", "Text analytics for reviews", popularity: 2),
            Doc("docparse", "DocParse", "AI", "Text analysis of contracts", popularity: 1),
        ]);

        var searches = analytics.Suggest(typed, 8).Where(s => s.Kind == CatalogSuggestionKind.Search).Select(s => s.Text);

        Assert.Equal(expected, searches.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Suggestions_stop_at_the_limit_and_nothing_typed_suggests_nothing()
    {
        Assert.Equal(2, Suggest("for", limit: 2).Count);
        Assert.Empty(Suggest("  -- "));
        Assert.Empty(Suggest("zzzz"));
    }

    [Fact]
    public void A_removed_listing_is_no_longer_suggested()
    {
        index.Remove(index.Search(new CatalogQuery { Text = "forecastly" }).Hits[0].Document.ListingId);

        Assert.DoesNotContain(Suggest("fore"), s => s.Kind == CatalogSuggestionKind.Listing && s.Text == "Forecastly");
    }
}
