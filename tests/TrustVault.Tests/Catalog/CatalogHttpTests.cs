using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

[Collection(AppCollection.Name)]
public sealed class CatalogHttpTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Fact]
    public async Task Anonymous_visitors_search_the_catalog_through_the_address_bar()
    {
        var client = factory.CreateBrowser();

        var all = await client.GetStringAsync("/catalog?q=forecast");
        var weatherOnly = await client.GetStringAsync("/catalog?q=forecast&category=Weather");

        Assert.Contains("Skycast Weather", all, StringComparison.Ordinal);
        Assert.Contains("AI Analytics", all, StringComparison.Ordinal);
        Assert.Contains("Skycast Weather", weatherOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("AI Analytics", weatherOnly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_open_a_published_listing_with_its_plans()
    {
        var response = await factory.CreateBrowser().GetAsync("/catalog/skycast-weather");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Skycast Weather", page, StringComparison.Ordinal);
        Assert.Contains("Acme APIs", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_listing_is_a_404_page()
    {
        var response = await factory.CreateBrowser().GetAsync("/catalog/no-such-api");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/listings")]
    [InlineData("/admin/listings/00000000-0000-0000-0000-000000000001")]
    public async Task Customers_cannot_open_the_review_queue(string path)
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_admin_opens_the_review_queue()
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Admin);

        var response = await client.GetAsync("/admin/listings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Listing review", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_of_another_organization_cannot_open_a_providers_listing_in_the_portal()
    {
        Guid listingId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrustVaultDbContext>();
            listingId = await db.Listings.Where(l => l.Slug == "skycast-weather").Select(l => l.Id).SingleAsync();
        }

        var customer = factory.CreateBrowser();
        await customer.LogInAsync(DemoAccountKind.Customer);
        var page = await customer.GetStringAsync($"/portal/listings/{listingId}");

        Assert.Contains("The listing does not exist.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://api.skycast.example", page, StringComparison.Ordinal);
        Assert.DoesNotContain("New listing", page, StringComparison.Ordinal);

        var provider = factory.CreateBrowser();
        await provider.LogInAsync(DemoAccountKind.Provider);
        Assert.Contains("https://api.skycast.example", await provider.GetStringAsync($"/portal/listings/{listingId}"), StringComparison.Ordinal);
    }
}
