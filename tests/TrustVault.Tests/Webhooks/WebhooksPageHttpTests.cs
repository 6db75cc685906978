using System.Net;
using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Webhooks;

[Collection(AppCollection.Name)]
public sealed class WebhooksPageHttpTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Fact]
    public async Task Organization_settings_link_to_the_webhooks_page_which_needs_a_sign_in()
    {
        var anonymous = await factory.CreateBrowser().GetAsync("/organization/webhooks");
        var browser = factory.CreateBrowser();
        await browser.LogInAsync(DemoAccountKind.Customer);

        var settings = await browser.GetStringAsync("/organization");
        var page = await browser.GetAsync("/organization/webhooks");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("href=\"/organization/webhooks\"", settings, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Delivery log", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
