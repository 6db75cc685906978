using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog.Search;

[Collection(AppCollection.Name)]
public sealed class CatalogSuggestionsHttpTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private sealed record Item(string Kind, string Text, string Url);

    private sealed record Body(List<Item> Items);

    [Fact]
    public async Task Anonymous_visitors_get_cacheable_suggestions_that_link_where_they_lead()
    {
        var response = await factory.CreateBrowser().GetAsync("/api/catalog/suggestions?q=skyc");
        var body = await response.Content.ReadFromJsonAsync<Body>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(new Item("Listing", "Skycast Weather", "/catalog/skycast-weather"), body!.Items);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge: { TotalSeconds: > 0 } });
    }

    [Fact]
    public async Task A_misspelt_word_being_typed_is_completed_as_if_spelt_right()
    {
        var body = await factory.CreateBrowser().GetFromJsonAsync<Body>("/api/catalog/suggestions?q=wether&limit=10");

        Assert.Contains(body!.Items, item => item.Kind == "Category" && item.Text == "Weather" && item.Url == "/catalog?category=Weather");
    }

    [Theory]
    [InlineData("")]
    [InlineData("?q=")]
    [InlineData("?q=%20%20")]
    [InlineData("?q=weather&limit=0")]
    [InlineData("?q=weather&limit=11")]
    [InlineData("?q=weather&limit=many")]
    public async Task Bad_input_is_a_400_problem(string query)
    {
        var response = await factory.CreateBrowser().GetAsync($"/api/catalog/suggestions{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_a_400_problem()
    {
        var response = await factory.CreateBrowser().GetAsync($"/api/catalog/suggestions?q={new string('w', 101)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Listings_not_published_are_never_suggested()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            var organizations = await db.Organizations.OrderBy(o => o.Name).Select(o => o.Id).Take(2).ToListAsync();
            Listing[] listings =
            [
                new() { OrganizationId = organizations[0], Name = "Zephyrine Live", Slug = "zephyrine-live", Status = ListingStatus.Published, UpstreamBaseUrl = "https://zephyrine.example" },
                new() { OrganizationId = organizations[1], Name = "Zephyrine Draft", Slug = "zephyrine-draft", Status = ListingStatus.Draft, UpstreamBaseUrl = "https://zephyrine.example" },
                new() { OrganizationId = organizations[1], Name = "Zephyrine Review", Slug = "zephyrine-review", Status = ListingStatus.InReview, UpstreamBaseUrl = "https://zephyrine.example" },
            ];
            db.Listings.AddRange(listings);
            await db.SaveChangesAsync();
            var indexer = scope.ServiceProvider.GetRequiredService<CatalogIndexer>();
            foreach (var listing in listings)
            {
                await indexer.RefreshAsync(listing.Id, CancellationToken.None);
            }
        }

        var body = await factory.CreateBrowser().GetFromJsonAsync<Body>("/api/catalog/suggestions?q=zephyr");

        Assert.Equal(["Zephyrine Live"], body!.Items.Where(i => i.Kind == "Listing").Select(i => i.Text));
    }
}
