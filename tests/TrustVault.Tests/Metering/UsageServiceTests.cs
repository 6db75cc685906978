using TrustVault.Core.Errors;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Metering;

public sealed class UsageServiceTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Usage_is_shown_only_to_members_of_the_organization()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(owner.Id, CancellationToken.None);
        var (providerId, providerOrganization) = await host.AddProviderAsync("provider@example.com");
        var stranger = await host.AddUserAsync("stranger@example.com");
        var usage = host.Get<UsageService>();

        await Assert.ThrowsAsync<NotFoundException>(() => usage.ForCustomerAsync(stranger.Id, organizationId, 30, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => usage.ForListingsAsync(stranger.Id, providerOrganization, [], 30, CancellationToken.None));
        Assert.Equal(0, (await usage.ForCustomerAsync(owner.Id, organizationId, 30, CancellationToken.None)).Calls);
        Assert.Empty(await usage.ForListingsAsync(providerId, providerOrganization, [], 30, CancellationToken.None));
    }

    [Fact]
    public async Task A_provider_sees_the_calls_its_upstream_answered_not_the_gateways_refusals()
    {
        var tides = await host.PublishTidesAsync(new Core.Catalog.PlanInput { Name = "Free" });
        await AddCallsAsync(tides.ListingId, (200, 100), (200, 100), (200, 120), (500, 300));
        await AddCallsAsync(tides.ListingId, Guid.NewGuid(), gatewayRefusals: true, (429, 1), (429, 1), (403, 1));
        // The upstream's own 429: its answer to a call it served.
        await AddCallsAsync(tides.ListingId, (429, 110));

        var stats = Assert.Single(await host.Get<UsageService>().ForListingsAsync(tides.ProviderId, tides.ProviderOrganizationId, [tides.ListingId], 30, CancellationToken.None));

        Assert.Equal((5L, 1L, 110, 300), (stats.Calls, stats.Errors, stats.P50LatencyMs, stats.P95LatencyMs));
    }

    [Fact]
    public async Task A_provider_gets_the_traffic_of_its_own_listings_among_those_asked_for_not_another_s()
    {
        var tides = await host.PublishTidesAsync(new Core.Catalog.PlanInput { Name = "Free" });
        var (otherId, otherOrganization) = await host.AddProviderAsync("other@example.com");
        var other = await host.Get<Core.Catalog.ListingService>().CreateAsync(otherId, otherOrganization, new Core.Catalog.ListingInput
        {
            Name = "Waves",
            Slug = "waves",
            Summary = "Waves",
            Category = "Weather",
            UpstreamBaseUrl = "https://waves.example.com",
        }, CancellationToken.None);
        await AddCallsAsync(tides.ListingId, (200, 100));
        await AddCallsAsync(other, (200, 100), (200, 100));

        var stats = await host.Get<UsageService>().ForListingsAsync(tides.ProviderId, tides.ProviderOrganizationId, [tides.ListingId, other], 30, CancellationToken.None);

        Assert.Equal([(tides.ListingId, 1L)], stats.Select(s => (s.ListingId, s.Calls)));
    }

    [Fact]
    public async Task A_customers_calls_to_a_slug_no_api_answers_at_count_as_in_the_usage_groups()
    {
        var owner = await host.AddUserAsync("owner@example.com");
        var organizationId = await host.Get<OrganizationService>().EnsurePersonalOrganizationAsync(owner.Id, CancellationToken.None);
        var tides = await host.PublishTidesAsync(new Core.Catalog.PlanInput { Name = "Free" });
        await AddCallsAsync(tides.ListingId, organizationId, (200, 10), (200, 10));
        await AddCallsAsync(null, organizationId, (404, 1));

        var usage = await host.Get<UsageService>().ForCustomerAsync(owner.Id, organizationId, 30, CancellationToken.None);

        Assert.Equal(3, usage.Calls);
        Assert.Equal([("Tides", 2L), ("–", 1L)], usage.Daily.Select(d => (d.ListingName, d.Calls)).OrderByDescending(d => d.Calls));
    }

    private Task AddCallsAsync(Guid? listingId, params (int Status, int LatencyMs)[] calls) => AddCallsAsync(listingId, Guid.NewGuid(), calls);

    private Task AddCallsAsync(Guid? listingId, Guid organizationId, params (int Status, int LatencyMs)[] calls) =>
        AddCallsAsync(listingId, organizationId, gatewayRefusals: false, calls);

    private async Task AddCallsAsync(Guid? listingId, Guid organizationId, bool gatewayRefusals, params (int Status, int LatencyMs)[] calls)
    {
        await using var db = await host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Data.TrustVaultDbContext>>().CreateDbContextAsync();
        db.UsageEvents.AddRange(calls.Select(call => new UsageEvent
        {
            RequestId = Guid.NewGuid().ToString("N"),
            At = host.Clock.GetUtcNow().AddHours(-1),
            OrganizationId = organizationId,
            ListingId = listingId,
            ApiKeyId = Guid.NewGuid(),
            Method = "GET",
            Route = "/tides",
            Status = call.Status,
            LatencyMs = call.LatencyMs,
            IsGatewayRefusal = gatewayRefusals,
        }));
        await db.SaveChangesAsync();
    }

    [Theory]
    [InlineData(new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, 50, 50)]
    [InlineData(new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 }, 95, 100)]
    [InlineData(new[] { 7 }, 95, 7)]
    public void Percentiles_use_the_nearest_rank(int[] sorted, int percentile, int expected)
    {
        Assert.Equal(expected, UsageService.Percentile(sorted, percentile));
    }
}
