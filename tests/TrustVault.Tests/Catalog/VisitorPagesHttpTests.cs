using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Organizations;
using TrustVault.Core.Reviews;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// The pages anonymous visitors browse are static server-side HTML (docs/decisions/0031): the first response already
/// holds what the page shows, and nothing in it starts a Blazor circuit. Signed-in members get them interactive.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class VisitorPagesHttpTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    // What blazor.web.js looks for to open a circuit for an interactive server component.
    private const string CircuitMarker = "<!--Blazor:{\"type\":\"server\"";

    [Fact]
    public async Task A_plain_get_of_a_filtered_catalog_holds_the_filtered_cards_and_the_filter_form_with_the_chosen_values()
    {
        var page = await ParseAsync(await factory.CreateBrowser().GetStringAsync("/catalog?q=forecast&category=Weather&sort=newest&rating=4"));

        Assert.Equal(["Skycast Weather"], page.QuerySelectorAll("[data-testid=listing-link]").Select(link => link.TextContent.Trim()));
        var form = Assert.IsAssignableFrom<IHtmlFormElement>(page.QuerySelector("form[data-testid=catalog-form]"));
        Assert.Equal("get", form.Method);
        Assert.Equal("forecast", Field<IHtmlInputElement>(form, "[name=q]").Value);
        Assert.True(Field<IHtmlInputElement>(form, "[name=category][value=Weather]").IsChecked);
        Assert.False(Field<IHtmlInputElement>(form, "[name=category][value='AI & Machine Learning']").IsChecked);
        Assert.True(Field<IHtmlInputElement>(form, "[name=rating][value='4']").IsChecked);
        Assert.Equal("newest", Field<IHtmlSelectElement>(form, "[name=sort]").Value);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/catalog")]
    [InlineData("/catalog?q=weather&page=2")]
    [InlineData("/catalog/skycast-weather")]
    public async Task Anonymous_pages_open_no_circuit(string path)
    {
        var response = await factory.CreateBrowser().GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(CircuitMarker, html, StringComparison.Ordinal);
        Assert.Contains("data-interactive=\"static\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_member_gets_the_listing_interactive_for_subscribing_and_try_it()
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var html = await client.GetStringAsync("/catalog/skycast-weather");

        Assert.Contains(CircuitMarker, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/catalog?rating=&page=two&trial=maybe&sort=sideways&price=5")]
    [InlineData("/catalog?page=-3&rating=9")]
    [InlineData("/catalog?page=999999")]
    public async Task A_hand_edited_catalog_address_reads_as_no_filter_rather_than_failing(string path)
    {
        var response = await factory.CreateBrowser().GetAsync(path);
        var page = await ParseAsync(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=listing-card]"));
        Assert.Empty(page.QuerySelectorAll("input[form][checked]:not([value=''])"));
    }

    [Fact]
    public async Task A_visitor_pages_a_listings_reviews_with_links_that_keep_the_reviews_tab_open()
    {
        await AddReviewsAsync();
        var browser = factory.CreateBrowser();

        var first = await ParseAsync(await browser.GetStringAsync($"/catalog/{ManyReviews}?reviews=1"));
        var second = await ParseAsync(await browser.GetStringAsync($"/catalog/{ManyReviews}?reviews=2"));
        var plain = await ParseAsync(await browser.GetStringAsync($"/catalog/{ManyReviews}"));

        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(Added), Reviews(first));
        // The demo's own review, older than those added, comes last.
        Assert.Equal([Added(2), Added(1), ""], Reviews(second));
        Assert.StartsWith("Reviews", SelectedTab(second), StringComparison.Ordinal);
        Assert.StartsWith("Overview", SelectedTab(plain), StringComparison.Ordinal);
        Assert.Equal("2", second.QuerySelector("[data-testid=pager] [aria-current=page]")?.TextContent.Trim());
        Assert.Equal($"catalog/{ManyReviews}?reviews=1#reviews", second.QuerySelector("[data-testid=pager-previous]")?.GetAttribute("href"));
    }

    [Theory]
    [InlineData("two")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("99")]
    [InlineData("")]
    public async Task A_hand_edited_reviews_page_reads_as_the_first(string value)
    {
        await AddReviewsAsync();

        var response = await factory.CreateBrowser().GetAsync($"/catalog/{ManyReviews}?reviews={value}");
        var page = await ParseAsync(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Enumerable.Range(3, 10).Reverse().Select(Added), Reviews(page));
        Assert.StartsWith("Reviews", SelectedTab(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_member_pages_reviews_in_the_circuit_from_the_page_the_address_names()
    {
        await AddReviewsAsync();
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var page = await ParseAsync(await client.GetStringAsync($"/catalog/{ManyReviews}?reviews=2"));

        Assert.Equal([Added(2), Added(1), ""], Reviews(page));
        Assert.NotNull(page.QuerySelector(".mud-pagination"));
        Assert.Null(page.QuerySelector("[data-testid=pager]"));
    }

    [Fact]
    public async Task A_review_shows_its_line_breaks()
    {
        const string text = "Pros:\n- fast\n- accurate\n\nCons:\n- alerts coverage";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            var organization = new Organization { Name = "Line Breaker" };
            db.Organizations.Add(organization);
            var listingId = await db.Listings.Where(l => l.Slug == "sendwave-sms").Select(l => l.Id).SingleAsync();
            db.Reviews.Add(new Review { ListingId = listingId, OrganizationId = organization.Id, AuthorUserId = "reviewer", Rating = 3, Text = text });
            await db.SaveChangesAsync();
        }

        var page = await ParseAsync(await factory.CreateBrowser().GetStringAsync("/catalog/sendwave-sms?reviews=1"));

        var shown = Assert.Single(page.QuerySelectorAll("[data-testid=review-text]"), r => r.TextContent.StartsWith("Pros:", StringComparison.Ordinal));
        Assert.Equal(text, shown.TextContent);
        Assert.Contains("white-space: pre-line", shown.GetAttribute("style"), StringComparison.Ordinal);
    }

    // A listing of the demo with one review, given twelve newer ones: two pages of ten.
    private const string ManyReviews = "geopoint-geocoding";

    private static string Added(int number) => $"Added review {number:00}";

    private async Task AddReviewsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
        if (await db.Organizations.AnyAsync(o => o.Name == "Reviewer 01"))
        {
            return;
        }

        var listingId = await db.Listings.Where(l => l.Slug == ManyReviews).Select(l => l.Id).SingleAsync();
        var reviews = Enumerable.Range(1, 12).Select(number => (Number: number, Organization: new Organization { Name = $"Reviewer {number:00}" })).ToList();
        db.Organizations.AddRange(reviews.Select(r => r.Organization));
        db.Reviews.AddRange(reviews.Select(r => new Review { ListingId = listingId, OrganizationId = r.Organization.Id, AuthorUserId = "reviewer", Rating = 4, Text = Added(r.Number) }));
        await db.SaveChangesAsync();
        // One save stamps them all alike; spaced apart, after the demo's review, they have one order.
        foreach (var (number, organization) in reviews)
        {
            var at = new DateTimeOffset(2100, 1, 1, 0, number, 0, TimeSpan.Zero);
            await db.Reviews.AcrossOrganizations().Where(r => r.OrganizationId == organization.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.UpdatedAt, at));
        }
    }

    // Each review shown, as the text added here ("" for the demo's own).
    private static IEnumerable<string> Reviews(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=review]").Select(review => AddedText().Match(review.TextContent).Value);

    private static string? SelectedTab(IHtmlDocument page) =>
        page.QuerySelector("[data-testid=listing-tabs] [role=tab][aria-selected=true]")?.TextContent.Trim();

    [GeneratedRegex(@"Added review \d\d")]
    private static partial Regex AddedText();

    private static Task<IHtmlDocument> ParseAsync(string html) => new HtmlParser().ParseDocumentAsync(html);

    // The form's fields sit in several parts of the page and join it through their form attribute.
    private static T Field<T>(IHtmlFormElement form, string selector) =>
        Assert.IsAssignableFrom<T>(Assert.Single(form.Elements, e => e.Matches(selector)));
}
