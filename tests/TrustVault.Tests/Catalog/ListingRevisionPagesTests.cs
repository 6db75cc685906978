using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Data.Seeding;
using TrustVault.Core.Identity;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

[Collection(AppCollection.Name)]
public sealed class ListingRevisionPagesTests(TrustVaultFactory factory) : IClassFixture<TrustVaultFactory>
{
    private const string Proposed = "Now with marine forecasts for every harbour.";

    /// <summary>The demo provider proposes a new description for Skycast Weather, once per app; returns the listing and its revision.</summary>
    private async Task<(Guid ListingId, Guid RevisionId)> ProposeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var email = DemoSeedOptions.Accounts.Single(a => a.Kind == DemoAccountKind.Provider).Email;
        var provider = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
        var listing = await services.GetRequiredService<TrustVaultDbContext>().Listings.AsNoTracking().SingleAsync(l => l.Slug == "skycast-weather");
        var listings = services.GetRequiredService<ListingService>();
        await listings.UpdateAsync(provider, listing.OrganizationId, listing.Id, ListingInput.From(listing) with { Description = Proposed }, CancellationToken.None);
        var revision = await listings.GetLatestRevisionAsync(provider, listing.OrganizationId, listing.Id, CancellationToken.None);
        return (listing.Id, revision!.Id);
    }

    [Fact]
    public async Task The_provider_sees_its_pending_changes_while_the_catalog_page_shows_the_live_listing()
    {
        var (listingId, _) = await ProposeAsync();
        var provider = factory.CreateBrowser();
        await provider.LogInAsync(DemoAccountKind.Provider);

        var portal = await provider.GetStringAsync($"/portal/listings/{listingId}");
        var catalog = await factory.CreateBrowser().GetStringAsync("/catalog/skycast-weather");

        Assert.Contains("Changes waiting for review", portal, StringComparison.Ordinal);
        Assert.Contains(Proposed, portal, StringComparison.Ordinal);
        Assert.DoesNotContain(Proposed, catalog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_what_a_revision_changes_and_others_cannot_open_it()
    {
        var (_, revisionId) = await ProposeAsync();
        var admin = factory.CreateBrowser();
        await admin.LogInAsync(DemoAccountKind.Admin);
        var provider = factory.CreateBrowser();
        await provider.LogInAsync(DemoAccountKind.Provider);

        var review = await admin.GetStringAsync($"/admin/listings/revisions/{revisionId}");

        Assert.Contains("proposed-change", review, StringComparison.Ordinal);
        Assert.Contains(Proposed, review, StringComparison.Ordinal);
        Assert.Contains("approve-revision", review, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync($"/admin/listings/revisions/{revisionId}")).StatusCode);
    }
}
