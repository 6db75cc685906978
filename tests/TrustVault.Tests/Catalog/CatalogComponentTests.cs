using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Health;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Pages.Catalog;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Catalog;

public sealed class CatalogComponentTests : MudBunitContext
{
    private readonly TestDatabase database = new();

    public CatalogComponentTests()
    {
        // The real Core services: search reads the in-memory index, the cards' health comes from the database.
        Services.AddTrustVaultCore(new DatabaseOptions { ConnectionString = database.ConnectionString }, Path.GetTempPath());

        // A signed-in member's catalog, whose controls the circuit handles; the static one is VisitorPagesHttpTests'.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public override Task InitializeAsync() => Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        database.Dispose();
    }

    private static CatalogDocument Doc(string slug, string name, string category, decimal price, Guid? listingId = null, bool firstParty = false) =>
        new(listingId ?? Guid.NewGuid(), slug, name, $"{name} summary", "", category, [], [], "Acme", firstParty, price, price == 0m, "USD", false, 0, 0, 0, DateTimeOffset.UnixEpoch, null);

    [Fact]
    public async Task Third_party_cards_show_their_probed_uptime_and_first_party_cards_none()
    {
        var tides = new Listing { OrganizationId = Guid.NewGuid(), Name = "Tides", Slug = "tides", Status = ListingStatus.Published, UpstreamBaseUrl = "https://api.tides.example" };
        await using (var db = await Services.GetRequiredService<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.Organizations.Add(new() { Id = tides.OrganizationId, Name = "Acme" });
            db.Listings.Add(tides);
            var now = TimeProvider.System.GetUtcNow();
            db.ListingHealthProbes.AddRange(
                new ListingHealthProbe { ListingId = tides.Id, At = now.AddHours(-2), Ok = true },
                new ListingHealthProbe { ListingId = tides.Id, At = now.AddHours(-1), Ok = false });
            await db.SaveChangesAsync();
        }

        Services.GetRequiredService<CatalogSearchIndex>().Rebuild(
        [
            Doc("tides", "Tides", "Weather", 0m, tides.Id),
            Doc("ai-analytics", "AI Analytics", "Analytics", 0m, firstParty: true),
        ]);
        var page = Render<CatalogIndex>();

        page.WaitForAssertion(() => Assert.Equal("Uptime 50% (30 days)", Assert.Single(page.FindAll("[data-testid=card-health]")).TextContent.Trim()));
        Assert.Contains("Tides", page.Find("[data-testid=card-health]").Closest("[data-testid=listing-card]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_a_category_facet_puts_it_in_the_address_and_narrows_the_results()
    {
        Services.GetRequiredService<CatalogSearchIndex>().Rebuild(
        [
            Doc("skycast", "Skycast Weather", "Weather", 0m),
            Doc("fx", "FX Rates", "Finance", 9m),
            Doc("stocks", "Stock Quotes", "Finance", 250m),
        ]);
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = Render<CatalogIndex>();
        Assert.Equal("3 APIs", page.Find("[data-testid=result-count]").TextContent);
        Assert.Equal(3, page.FindAll("[data-testid=listing-card]").Count);
        Assert.Equal("Cheapest plan, in its currency (USD, EUR, GBP)", page.Find("[data-testid=facet-price-currency]").TextContent);

        page.Find("[data-testid='facet-category-Finance']").Change(true);

        // The change is dispatched to the renderer, which may still be finishing the first render's health read: wait for it.
        page.WaitForAssertion(() => Assert.Contains("category=Finance", navigation.Uri, StringComparison.Ordinal));
        page.WaitForAssertion(() => Assert.Equal("2 APIs", page.Find("[data-testid=result-count]").TextContent));
        Assert.DoesNotContain("Skycast Weather", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true, "Free plan")]
    [InlineData(0, false, "Pay per use")]
    [InlineData(19, false, "From $19.00/mo")]
    public void A_card_calls_a_listing_free_only_when_one_of_its_plans_charges_nothing(decimal lowestMonthlyPrice, bool hasFreePlan, string expected)
    {
        var document = Doc("sms", "Sendwave SMS", "Communication", lowestMonthlyPrice) with { HasFreePlan = hasFreePlan };

        var card = Render<ListingCard>(parameters => parameters.Add(c => c.Document, document));

        Assert.Equal(expected, card.Find("[data-testid=card-price]").TextContent.Trim());
    }

    [Theory]
    [InlineData(4.5, 5)]
    [InlineData(3.5, 4)]
    [InlineData(2.5, 3)]
    [InlineData(4.4, 4)]
    public void Average_ratings_show_their_stars_rounded_half_up(double average, int stars)
    {
        Assert.Equal(stars, RatingStars.Of(average));
    }

    [Fact]
    public void A_card_and_the_listing_page_show_an_average_of_four_and_a_half_as_five_stars()
    {
        var listing = new Listing { Name = "GeoPoint", Slug = "geopoint", Category = "Maps", Summary = "Geocoding" };

        var card = Render<ListingCard>(parameters => parameters.Add(c => c.Document, Doc("geopoint", "GeoPoint", "Maps", 0m) with { AverageRating = 4.5, ReviewCount = 2 }));
        var view = Render<ListingView>(parameters => parameters.Add(v => v.Page, new ListingPage(listing, "Acme APIs", "", [], [], 4.5, 2)));

        // MudRating marks the selected star's radio button checked.
        Assert.Equal("5", card.Find("[data-testid=card-rating] input[checked]").GetAttribute("value"));
        Assert.Equal("5", view.Find("[data-testid=rating-summary] input[checked]").GetAttribute("value"));
    }

    [Fact]
    public void The_listing_page_shows_its_plans_side_by_side()
    {
        var listing = new Listing { Name = "Skycast Weather", Slug = "skycast", Category = "Weather", Summary = "Forecasts" };
        Plan[] plans =
        [
            new() { Name = "Free", MonthlyPrice = 0, IncludedCallsPerMonth = 1000, RateLimitPerSecond = 1, RateLimitPerMinute = 30 },
            new() { Name = "Starter", MonthlyPrice = 19m, IncludedCallsPerMonth = 50_000, OveragePricePer1000 = 0.5m, RateLimitPerSecond = 10, RateLimitPerMinute = 600, TrialDays = 14 },
        ];
        var model = new ListingPage(listing, "Acme APIs", "<p>Hello</p>", [], plans, 4.5, 2);

        var view = Render<ListingView>(parameters => parameters.Add(v => v.Page, model));

        var cards = view.FindAll("[data-testid=plan-card]");
        Assert.Equal(2, cards.Count);
        Assert.Equal(["Free", "$19.00"], view.FindAll("[data-testid=plan-price]").Select(p => p.TextContent.Trim()));
        Assert.Contains("14-day free trial", cards[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("$0.50 per 1,000 extra calls", cards[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Hard cap", cards[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_search_shows_the_corrected_results_with_a_link_to_the_words_as_typed()
    {
        Services.GetRequiredService<CatalogSearchIndex>().Rebuild([Doc("skycast", "Skycast Weather", "Weather", 0m), Doc("fx", "FX Rates", "Finance", 9m)]);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/catalog?q=wether&category=Weather");

        var page = Render<CatalogIndex>();

        Assert.Equal("Showing results for weather — search instead for wether", Normalized(page.Find("[data-testid=did-you-mean]").TextContent));
        Assert.Equal("1 API", page.Find("[data-testid=result-count]").TextContent);
        var corrected = page.Find("[data-testid=corrected-search]").GetAttribute("href")!;
        var asTyped = page.Find("[data-testid=exact-search]").GetAttribute("href")!;
        Assert.Contains("q=weather", corrected, StringComparison.Ordinal);
        Assert.Contains("category=Weather", corrected, StringComparison.Ordinal);
        Assert.DoesNotContain("exact", corrected, StringComparison.Ordinal);
        Assert.Contains("q=wether", asTyped, StringComparison.Ordinal);
        Assert.Contains("exact=true", asTyped, StringComparison.Ordinal);

        navigation.NavigateTo(asTyped);

        page.WaitForAssertion(() => Assert.Equal("0 APIs", page.Find("[data-testid=result-count]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=did-you-mean]"));
        Assert.NotEmpty(page.FindAll("[data-testid=catalog-empty]"));
    }

    [Fact]
    public void A_search_that_matches_as_typed_but_rarely_asks_did_you_mean()
    {
        Services.GetRequiredService<CatalogSearchIndex>().Rebuild(
        [
            Doc("skycast", "Skycast Weather", "Weather", 0m),
            Doc("storms", "Storm Tracker", "Weather", 0m),
            Doc("wether", "Wether Wool Prices", "Agriculture", 0m),
        ]);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/catalog?q=wether");

        var page = Render<CatalogIndex>();

        Assert.Equal("Did you mean weather?", Normalized(page.Find("[data-testid=did-you-mean]").TextContent));
        Assert.Equal("Wether Wool Prices", page.FindAll("[data-testid=listing-link]")[0].TextContent);
    }

    [Fact]
    public void The_catalog_search_box_carries_its_suggestion_list()
    {
        Services.GetRequiredService<CatalogSearchIndex>().Rebuild([Doc("skycast", "Skycast Weather", "Weather", 0m)]);

        var page = Render<CatalogIndex>();

        Assert.NotNull(page.Find("input#catalog-search-input"));
        var host = page.Find("[data-suggestions-for=catalog-search-input]");
        Assert.Equal("/api/catalog/suggestions", host.GetAttribute("data-suggestions-source"));
        Assert.Equal("listbox", host.QuerySelector("ul")!.GetAttribute("role"));
    }

    [Fact]
    public void Related_apis_render_as_a_row_of_cards_and_nothing_when_there_are_none()
    {
        var row = Render<RelatedApis>(parameters => parameters.Add(r => r.Listings, [Doc("fx", "FX Rates", "Finance", 9m), Doc("stocks", "Stock Quotes", "Finance", 250m)]));
        var none = Render<RelatedApis>(parameters => parameters.Add(r => r.Listings, []));

        Assert.Equal(["FX Rates", "Stock Quotes"], row.FindAll("[data-testid=related-apis] [data-testid=listing-link]").Select(l => l.TextContent));
        Assert.Equal("/catalog/fx", row.Find("[data-testid=listing-link]").GetAttribute("href"));
        Assert.Empty(none.Markup.Trim());
    }

    private static string Normalized(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
