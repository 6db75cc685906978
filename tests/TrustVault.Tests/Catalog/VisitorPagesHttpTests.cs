using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// The pages anonymous visitors browse are static server-side HTML (docs/decisions/0031): the first response already
/// holds what the page shows, and nothing in it starts a Blazor circuit. Signed-in members get them interactive.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class VisitorPagesHttpTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
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
    public async Task A_hand_edited_catalog_address_reads_as_no_filter_rather_than_failing(string path)
    {
        var response = await factory.CreateBrowser().GetAsync(path);
        var page = await ParseAsync(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=listing-card]"));
        Assert.Empty(page.QuerySelectorAll("input[form][checked]:not([value=''])"));
    }

    private static Task<IHtmlDocument> ParseAsync(string html) => new HtmlParser().ParseDocumentAsync(html);

    // The form's fields sit in several parts of the page and join it through their form attribute.
    private static T Field<T>(IHtmlFormElement form, string selector) =>
        Assert.IsAssignableFrom<T>(Assert.Single(form.Elements, e => e.Matches(selector)));
}
