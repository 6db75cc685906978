using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>The admins' review queues and the provider's listing table page and sort in the database.</summary>
public sealed class ListingTablesPagingTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CoreTestHost host = new();
    private string adminId = "";

    private ListingService Listings => host.Get<ListingService>();
    private ListingModerationService Moderation => host.Get<ListingModerationService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        adminId = await host.AddAdminAsync("admin@example.com");
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task The_review_queue_pages_one_status_the_longest_waiting_first()
    {
        var (_, provider) = await ProviderAsync("Acme APIs");
        var waiting = await AddListingsAsync(provider, ListingStatus.InReview, 25);
        await AddListingsAsync(provider, ListingStatus.Published, 3);

        var page = await Moderation.ListAsync(adminId, ListingStatus.InReview, [], 1, 10, None);

        Assert.Equal(25, page.Total);
        Assert.Equal(waiting[10..20], page.Items.Select(l => l.Id));
    }

    [Fact]
    public async Task The_review_queue_sorts_by_a_column_over_every_page_and_then_the_longest_waiting_first()
    {
        var (_, zed) = await ProviderAsync("Zed APIs");
        var zeds = await AddListingsAsync(zed, ListingStatus.InReview, 12);
        var (_, abe) = await ProviderAsync("Abe APIs");
        var abes = await AddListingsAsync(abe, ListingStatus.InReview, 12);

        var first = await Moderation.ListAsync(adminId, ListingStatus.InReview, [new(nameof(ListingSummary.ProviderName))], 0, 10, None);
        var second = await Moderation.ListAsync(adminId, ListingStatus.InReview, [new(nameof(ListingSummary.ProviderName))], 1, 10, None);

        Assert.Equal(abes[..10], first.Items.Select(l => l.Id));
        Assert.Equal([.. abes[10..], .. zeds[..8]], second.Items.Select(l => l.Id));
        Assert.Equal(24, second.Total);
    }

    [Fact]
    public async Task A_column_the_tables_do_not_sort_by_is_invalid_input()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Moderation.ListAsync(adminId, ListingStatus.InReview, [new("SigningSecret")], 0, 10, None));

        Assert.Contains("sort", error.Errors.Keys);
    }

    [Fact]
    public async Task The_revision_queue_pages_the_pending_changes_the_longest_waiting_first()
    {
        var (providerUser, provider) = await ProviderAsync("Acme APIs");
        var live = await AddListingsAsync(provider, ListingStatus.Published, 13);
        var revisions = new List<Guid>();
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            foreach (var listing in await db.Listings.AcrossOrganizations().Where(l => live.Contains(l.Id)).OrderBy(l => l.UpdatedAt).ToListAsync())
            {
                host.Clock.Advance(TimeSpan.FromMinutes(1));
                var revision = new ListingRevision
                {
                    ListingId = listing.Id,
                    Proposal = ListingProposal.Of(listing),
                    SubmittedByUserId = providerUser,
                    SubmittedAt = host.Clock.GetUtcNow(),
                };
                db.ListingRevisions.Add(revision);
                revisions.Add(revision.Id);
            }

            await db.SaveChangesAsync();
        }

        var page = await Moderation.ListRevisionsAsync(adminId, [], 1, 5, None);

        Assert.Equal(13, page.Total);
        Assert.Equal(revisions[5..10], page.Items.Select(r => r.Id));
    }

    [Fact]
    public async Task A_provider_pages_its_own_listings_only_the_latest_changed_first()
    {
        var (ownerId, own) = await ProviderAsync("Acme APIs");
        var listings = await AddListingsAsync(own, ListingStatus.Draft, 23);
        var (_, other) = await ProviderAsync("Other APIs");
        await AddListingsAsync(other, ListingStatus.Draft, 5);

        var page = await Listings.ListPageAsync(ownerId, own, [], 1, 10, None);

        Assert.Equal(23, page.Total);
        listings.Reverse();
        Assert.Equal(listings[10..20], page.Items.Select(l => l.Id));
        Assert.All(page.Items, l => Assert.Equal("Acme APIs", l.ProviderName));
    }

    [Fact]
    public async Task A_provider_sorts_its_listings_by_a_column_over_every_page()
    {
        var (ownerId, own) = await ProviderAsync("Acme APIs");
        var listings = await AddListingsAsync(own, ListingStatus.Draft, 12);
        // The oldest listing gets the most endpoints: sorted by their count, downwards, it leads the first page.
        await using (var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync())
        {
            db.ListingEndpoints.Add(new ListingEndpoint { ListingId = listings[0], Method = "GET", Path = "/tides" });
            await db.SaveChangesAsync();
        }

        var page = await Listings.ListPageAsync(ownerId, own, [new(nameof(ListingSummary.EndpointCount), Descending: true)], 0, 5, None);

        Assert.Equal(listings[0], page.Items[0].Id);
        Assert.Equal(12, page.Total);
    }

    [Fact]
    public async Task A_member_of_another_organization_is_refused_the_listing_table()
    {
        var (_, own) = await ProviderAsync("Acme APIs");
        var (otherId, _) = await ProviderAsync("Other APIs");

        await Assert.ThrowsAsync<NotFoundException>(() => Listings.ListPageAsync(otherId, own, [], 0, 10, None));
    }

    private async Task<(string UserId, Guid OrganizationId)> ProviderAsync(string name)
    {
        var user = await host.AddUserAsync($"{Guid.NewGuid():N}@example.com");
        return (user.Id, await host.Get<OrganizationService>().CreateAsync(user.Id, name, None));
    }

    /// <summary>Listings of <paramref name="organizationId"/> changed a minute apart, in that order.</summary>
    private async Task<List<Guid>> AddListingsAsync(Guid organizationId, ListingStatus status, int count)
    {
        var ids = new List<Guid>();
        await using var db = await host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            var slug = $"listing-{Guid.NewGuid():N}"[..20];
            var listing = new Listing { OrganizationId = organizationId, Name = slug, Slug = slug, Status = status };
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            ids.Add(listing.Id);
        }

        return ids;
    }
}
