using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Tests.Infrastructure;

namespace TrustVault.Tests.Catalog;

/// <summary>
/// A provider's changes to a live listing arriving together (two tabs, a pipeline and a person) and while an
/// administrator decides on them: every change is kept in one pending revision, and an approval applies exactly
/// what was approved; on a real SQLite file and a real PostgreSQL database.
/// </summary>
public abstract class ConcurrentListingEditsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Proposals = 8;
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CoreTestHost host = CoreTestHost.On(provider);
    private PublishedListing tides = null!;

    private ListingService Listings => host.Get<ListingService>();

    public async Task InitializeAsync()
    {
        await host.InitializeAsync();
        tides = await host.PublishTidesAsync(new PlanInput { Name = "Starter", MonthlyPrice = 10m });
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task Plans_proposed_at_once_all_wait_in_one_revision()
    {
        var refusals = await AllAtOnce.RefusalsAsync([.. Enumerable.Range(1, Proposals).Select(i => (Func<Task>)(() => ProposePlanAsync($"Plan {i}")))]);

        Assert.Empty(refusals);
        await using var db = await CreateDbContextAsync();
        var pending = await db.ListingRevisions.AsNoTracking().SingleAsync(r => r.PendingListingId == tides.ListingId);
        Assert.Equal(
            Enumerable.Range(1, Proposals).Select(i => $"Plan {i}").Order(),
            pending.Proposal.Plans.Select(p => p.Terms.Name).Order());
    }

    [Fact]
    public async Task A_change_proposed_while_its_revision_is_approved_is_neither_lost_nor_approved_unseen()
    {
        await ProposePlanAsync("Pro");
        var revisionId = (await Listings.GetLatestRevisionAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, None))!.Id;
        var adminId = await host.AddAdminAsync("admin@example.com");

        var refusals = await AllAtOnce.RefusalsAsync([
            () => host.Get<ListingModerationService>().ApproveRevisionAsync(adminId, revisionId, None),
            () => ProposePlanAsync("Team"),
        ]);

        await using var db = await CreateDbContextAsync();
        var decided = await db.ListingRevisions.AsNoTracking().SingleAsync(r => r.Id == revisionId);
        var pending = await db.ListingRevisions.AsNoTracking().SingleAsync(r => r.PendingListingId == tides.ListingId);
        var live = await db.Plans.Where(p => p.ListingId == tides.ListingId).Select(p => p.Name).OrderBy(n => n).ToListAsync();
        if (decided.Status == ListingRevisionStatus.Approved)
        {
            // Approved first: Pro is live, and Team waits on its own.
            Assert.Empty(refusals);
            Assert.Equal(["Pro", "Starter"], live);
            Assert.Equal(["Team"], pending.Proposal.Plans.Select(p => p.Terms.Name));
        }
        else
        {
            // Proposed first: the administrator approved a revision that no longer stands, and is told.
            Assert.Equal(ListingRevisionStatus.Superseded, decided.Status);
            Assert.Single(refusals);
            Assert.Equal(["Starter"], live);
            Assert.Equal(["Pro", "Team"], pending.Proposal.Plans.Select(p => p.Terms.Name).Order());
        }
    }

    private Task ProposePlanAsync(string name) =>
        Listings.AddPlanAsync(tides.ProviderId, tides.ProviderOrganizationId, tides.ListingId, new PlanInput { Name = name, MonthlyPrice = 20m }, None);

    private Task<TrustVaultDbContext> CreateDbContextAsync() => host.Get<IDbContextFactory<TrustVaultDbContext>>().CreateDbContextAsync();

    public sealed class OnSqlite() : ConcurrentListingEditsTests(DatabaseProvider.Sqlite);

    [Trait(PostgresTests.Trait, PostgresTests.Value)]
    public sealed class OnPostgres() : ConcurrentListingEditsTests(DatabaseProvider.PostgreSql);
}
