using TrustVault.Core.Data.Seeding;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>Who gets the Try it panel on a listing page: members of an organization that subscribes, nobody else.</summary>
[Collection(AppCollection.Name)]
public sealed class TryItPageTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    [Fact]
    public async Task Anonymous_visitors_are_asked_to_sign_in_to_try_an_api()
    {
        var page = await factory.CreateBrowser().GetStringAsync("/catalog/ai-analytics");

        Assert.Contains("data-testid=\"tryit-sign-in\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"tryit-send\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_of_a_subscribing_organization_gets_the_panel()
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var page = await client.GetStringAsync("/catalog/ai-analytics");

        Assert.Contains("data-testid=\"tryit-send\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"tryit-create-key\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_whose_organization_does_not_subscribe_is_asked_to_subscribe_first()
    {
        var client = factory.CreateBrowser();
        await client.LogInAsync(DemoAccountKind.Customer);

        var page = await client.GetStringAsync("/catalog/onchain-analytics");

        Assert.Contains("Subscribe to a plan to try it", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"tryit-send\"", page, StringComparison.Ordinal);
    }
}
