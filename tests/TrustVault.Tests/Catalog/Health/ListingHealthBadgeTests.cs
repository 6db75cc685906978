using Bunit;
using TrustVault.Core.Catalog.Health;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Catalog.Health;

public sealed class ListingHealthBadgeTests : MudBunitContext
{
    [Theory]
    [InlineData(0, 0, null, "No health data yet")]
    [InlineData(0, 0, 120, "No health data yet · p50 120 ms")]
    [InlineData(4, 4, 120, "Uptime 100% (30 days) · p50 120 ms")]
    [InlineData(10000, 9996, null, "Uptime 99.9% (30 days)")]
    public void Shows_uptime_rounded_down_and_p50_latency(int probes, int ok, int? p50, string expected)
    {
        var badge = Render<ListingHealthBadge>(p => p.Add(b => b.Health, new ListingHealthSummary(30, probes, ok, p50)));

        Assert.Equal(expected, badge.Find("[data-testid=listing-health]").TextContent.Trim());
    }
}
