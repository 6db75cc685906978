using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Gateway;

[Collection(AppCollection.Name)]
public sealed class RenamedListingTests(GatewayFactory factory, LocalUpstream upstream) : IClassFixture<GatewayFactory>, IClassFixture<LocalUpstream>
{
    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task A_renamed_listing_serves_live_keys_at_its_former_slug_and_its_new_one()
    {
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan());
        var renamed = $"{arranged.Slug}-v2";
        Assert.Equal(HttpStatusCode.OK, (await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/echo")).StatusCode);

        await GatewayArrange.RenameAsync(factory.Services, arranged.Slug, renamed);
        // Past the access cache's lifetime, so the calls below see the rename.
        factory.Clock.Advance(TimeSpan.FromSeconds(2));

        var former = await Client(arranged.Key).GetAsync($"/gw/{arranged.Slug}/echo/items");
        var current = await Client(arranged.Key).GetAsync($"/gw/{renamed}/echo/items");

        Assert.Equal(HttpStatusCode.OK, former.StatusCode);
        Assert.Equal("/echo/items", (await former.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pathAndQuery").GetString());
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task A_renamed_listings_former_page_redirects_to_its_new_address()
    {
        var arranged = await GatewayArrange.ArrangeAsync(factory.Services, upstream.BaseAddress.ToString(), GatewayArrange.Plan());
        var renamed = $"{arranged.Slug}-v2";

        await GatewayArrange.RenameAsync(factory.Services, arranged.Slug, renamed);

        var response = await factory.CreateBrowser().GetAsync($"/catalog/{arranged.Slug}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/catalog/{renamed}", response.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateBrowser().GetAsync($"/catalog/{renamed}")).StatusCode);
    }
}
