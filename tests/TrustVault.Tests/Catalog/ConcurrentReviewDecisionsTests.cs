using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;
using TrustVault.Tests.Webhooks;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// Administrators deciding one review at the same moment, as review pages open in two browsers and clicked together:
/// one decision stands and the others are refused; on a real SQLite file and a real PostgreSQL database.
/// </summary>
public abstract class ConcurrentReviewDecisionsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Decisions = 8;
    private const string Reason = "Add examples to the endpoints.";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private PublishedListing tides = null!;
    private string adminId = "";

    private ListingModerationService Moderation => host.Get<ListingModerationService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(new PlanInput { Name = "Starter", MonthlyPrice = 10m });
        adminId = await host.AddAdminAsync("admin@example.com");
        await host.EndpointAsync(tides.ProviderId, tides.ProviderOrganizationId);
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Approving_and_rejecting_a_new_listing_at_once_makes_one_decision()
    {
        await using (var db = await CreateDbContextAsync())
        {
            await db.Listings.ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, ListingStatus.InReview));
        }

        var refusals = await AllAtOnce.RefusalsAsync(Alternating(
            () => Moderation.ApproveAsync(adminId, tides.ListingId, None),
            () => Moderation.RejectAsync(adminId, tides.ListingId, Reason, None)));

        Assert.Equal(Decisions - 1, refusals.Count);
        await using var check = await CreateDbContextAsync();
        var listing = await check.Listings.AsNoTracking().SingleAsync(l => l.Id == tides.ListingId);
        Assert.Contains((listing.Status, listing.StatusReason), new (ListingStatus, string?)[] { (ListingStatus.Published, null), (ListingStatus.Rejected, Reason) });
        var decision = listing.Status == ListingStatus.Published ? "listing.approved" : "listing.rejected";
        Assert.Equal([decision], await DecisionsAuditedAsync(check, "listing.approved", "listing.rejected"));
        Assert.Equal([decision], (await host.EventsAsync(tides.ProviderOrganizationId)).Select(e => e.Type));
        await host.SendQueuedEmailAsync();
        Assert.Single(host.Emails.Sent, m => m.Subject.StartsWith("[provider@example.com's organization] Tides:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approving_and_rejecting_changes_to_a_live_listing_at_once_makes_one_decision()
    {
        var listings = host.Get<ListingService>();
        await listings.AddPlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, new PlanInput { Name = "Pro", MonthlyPrice = 50m }, None);
        var revisionId = (await listings.GetLatestRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None))!.Id;

        // Approvals of a new plan race each other as much as a rejection: each would add the plan.
        var refusals = await AllAtOnce.RefusalsAsync(Alternating(
            () => Moderation.ApproveRevisionAsync(adminId, revisionId, None),
            () => Moderation.RejectRevisionAsync(adminId, revisionId, Reason, None)));

        Assert.Equal(Decisions - 1, refusals.Count);
        await using var check = await CreateDbContextAsync();
        var revision = await check.ListingRevisions.AsNoTracking().SingleAsync(r => r.Id == revisionId);
        Assert.Contains((revision.Status, revision.Reason), new (ListingRevisionStatus, string?)[] { (ListingRevisionStatus.Approved, null), (ListingRevisionStatus.Rejected, Reason) });
        var approved = revision.Status == ListingRevisionStatus.Approved;
        var plans = await check.Plans.Where(p => p.ListingId == tides.ListingId).Select(p => p.Name).OrderBy(n => n).ToListAsync();
        Assert.Equal(approved ? ["Pro", "Starter"] : ["Starter"], plans);
        Assert.Equal(
            [approved ? "listing.revision-approved" : "listing.revision-rejected"],
            await DecisionsAuditedAsync(check, "listing.revision-approved", "listing.revision-rejected"));
    }

    private static Func<Task>[] Alternating(Func<Task> approve, Func<Task> reject) =>
        [.. Enumerable.Range(0, Decisions).Select(i => i % 2 == 0 ? approve : reject)];

    private Task<TrustVaultDbContext> CreateDbContextAsync() => host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    private async Task<List<string>> DecisionsAuditedAsync(TrustVaultDbContext db, params string[] actions) =>
        await db.AuditEntries.Where(a => a.EntityId == tides.ListingId.ToString() && actions.Contains(a.Action)).Select(a => a.Action).ToListAsync();

    public sealed class OnSqlite() : ConcurrentReviewDecisionsTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : ConcurrentReviewDecisionsTests(DatabaseProvider.PostgreSql);
}
