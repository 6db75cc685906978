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
        await Assert.ThrowsAsync<NotFoundException>(() => usage.ForProviderAsync(stranger.Id, providerOrganization, 30, CancellationToken.None));
        Assert.Equal(0, (await usage.ForCustomerAsync(owner.Id, organizationId, 30, CancellationToken.None)).Calls);
        Assert.Empty(await usage.ForProviderAsync(providerId, providerOrganization, 30, CancellationToken.None));
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
