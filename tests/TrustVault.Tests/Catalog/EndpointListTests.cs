using Bunit;
using Microsoft.AspNetCore.Components;
using TrustVault.Core.Catalog;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Catalog;

/// <summary>The endpoint list of the portal's API definition tab, the admin review and the catalog's Endpoints tab.</summary>
public sealed class EndpointListTests : MudBunitContext
{
    private static List<ListingEndpoint> Endpoints(int count) =>
        Enumerable.Range(0, count).Select(i => new ListingEndpoint { Method = "GET", Path = $"/p{i}", Tag = i % 2 == 0 ? "Even" : "Odd", SortOrder = i }).ToList();

    [Fact]
    public void A_long_list_shows_one_page_of_endpoints_and_pages_through_the_rest()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var list = Render<EndpointList>(p => p.Add(c => c.Endpoints, Endpoints(14_000)));

        Assert.Equal(20, list.FindAll("[data-testid=endpoint]").Count);
        Assert.Contains("/p0", list.Markup, StringComparison.Ordinal);

        list.FindAll(".mud-pagination button").Single(b => b.TextContent.Trim() == "2").Click();

        // Grouped by tag before paging: the second page holds the even paths after the first twenty.
        list.WaitForAssertion(() => Assert.Contains(">/p40<", list.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(">/p0<", list.Markup, StringComparison.Ordinal);
        Assert.Equal(20, list.FindAll("[data-testid=endpoint]").Count);
    }

    [Fact]
    public void Without_a_circuit_each_page_of_endpoints_is_a_link()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var list = Render<EndpointList>(p => p.Add(c => c.Endpoints, Endpoints(45)).Add(c => c.FirstPage, 3));

        Assert.Equal(5, list.FindAll("[data-testid=endpoint]").Count);
        Assert.Contains(list.FindAll("[data-testid=pager] a"), a => a.GetAttribute("href")!.Contains("endpoints=2", StringComparison.Ordinal));
    }
}
