using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

public sealed class ListingSigningSecretTests : IAsyncLifetime
{
    private readonly CoreTestHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task An_editor_rotates_the_secret_and_the_old_one_is_gone()
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Free" });
        var before = await SecretAsync(tides.ListingId);

        var rotated = await host.Get<ListingService>().RotateSigningSecretAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, CancellationToken.None);

        Assert.NotEqual(before, rotated);
        Assert.Matches("^[0-9a-f]{64}$", rotated);
        Assert.Equal(rotated, await SecretAsync(tides.ListingId));
    }

    [Theory]
    [InlineData(OrganizationRole.Billing)]
    [InlineData(null)]
    public async Task Billing_members_and_outsiders_cannot_rotate_it(OrganizationRole? role)
    {
        var tides = await host.PublishTidesAsync(new PlanInput { Name = "Free" });
        var before = await SecretAsync(tides.ListingId);
        var user = await host.AddUserAsync("someone@example.com");
        if (role is { } granted)
        {
            await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
            db.OrganizationMembers.Add(new OrganizationMember { OrganizationId = tides.ProviderOrganizationId, UserId = user.Id, Role = granted });
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAnyAsync<TrustVaultException>(() =>
            host.Get<ListingService>().RotateSigningSecretAsync(user.Id, tides.ProviderOrganizationId, tides.ListingId, CancellationToken.None));

        Assert.Equal(before, await SecretAsync(tides.ListingId));
        Assert.False(ListingService.MayEdit(OrganizationRole.Billing));
    }

    private async Task<string> SecretAsync(Guid listingId)
    {
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        return await db.Listings.Where(l => l.Id == listingId).Select(l => l.SigningSecret).SingleAsync();
    }
}
