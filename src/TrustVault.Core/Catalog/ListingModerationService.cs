using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Catalog;

/// <summary>The platform administrators' side of the listing lifecycle: review, approve, reject, suspend.</summary>
public sealed class ListingModerationService(
    IDbContextFactory<TrustVaultDbContext> contexts, CatalogIndexer indexer, MarkdownRenderer markdown, NotificationLinks links, TimeProvider clock)
{
    /// <summary>Any listing, whatever its status, as its catalog page would show it: for review before approval.</summary>
    public async Task<ListingPage> GetPageAsync(string adminUserId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        return await CatalogService.LoadPageAsync(db, markdown, l => l.Id == listingId, cancellationToken)
            ?? throw new NotFoundException("The listing does not exist.");
    }

    /// <summary>One page of the listings in one status, sorted by <paramref name="sorts"/> and then the longest waiting first.</summary>
    public async Task<ItemPage<ListingSummary>> ListAsync(
        string adminUserId, ListingStatus status, IReadOnlyList<SortBy> sorts, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var rows = db.Listings.AsNoTracking().Where(l => l.Status == status);
        var items = await ListingSummary.Sorting.Order(rows, sorts, [new(nameof(ListingSummary.UpdatedAt))]).ThenBy(l => l.Id)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .Select(ListingSummary.FromListing)
            .ToListAsync(cancellationToken);
        return new ItemPage<ListingSummary>(items, await rows.CountAsync(cancellationToken));
    }

    public Task ApproveAsync(string adminUserId, Guid listingId, CancellationToken cancellationToken) =>
        TransitionAsync(adminUserId, listingId, ListingStatus.InReview, ListingStatus.Published, reason: null, "listing.approved", cancellationToken);

    public Task RejectAsync(string adminUserId, Guid listingId, string reason, CancellationToken cancellationToken) =>
        TransitionAsync(adminUserId, listingId, ListingStatus.InReview, ListingStatus.Rejected, RequireReason(reason), "listing.rejected", cancellationToken);

    public Task SuspendAsync(string adminUserId, Guid listingId, string reason, CancellationToken cancellationToken) =>
        TransitionAsync(adminUserId, listingId, ListingStatus.Published, ListingStatus.Suspended, RequireReason(reason), "listing.suspended", cancellationToken);

    public Task ReinstateAsync(string adminUserId, Guid listingId, CancellationToken cancellationToken) =>
        TransitionAsync(adminUserId, listingId, ListingStatus.Suspended, ListingStatus.Published, reason: null, "listing.reinstated", cancellationToken);

    private async Task TransitionAsync(
        string adminUserId, Guid listingId, ListingStatus from, ListingStatus to, string? reason, string action, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        await using var transaction = await BeginListingDecisionAsync(db, listingId, cancellationToken);
        var listing = await db.Listings.SingleAsync(l => l.Id == listingId, cancellationToken);
        if (listing.Status != from)
        {
            throw new InvalidInputException("Status", $"The listing is {Words(listing.Status)}, not {Words(from)}: it may have been decided already.");
        }

        // Review means a second pair of eyes, also for an administrator whose own organization submitted the listing.
        if (from == ListingStatus.InReview
            && await db.OrganizationMembers.ForOrganization(listing.OrganizationId).AnyAsync(m => m.UserId == adminUserId, cancellationToken))
        {
            throw new ForbiddenException("Another administrator must review listings of an organization you belong to.");
        }

        listing.Status = to;
        listing.StatusReason = reason;
        if (to == ListingStatus.Published)
        {
            listing.PublishedAt ??= clock.GetUtcNow();
        }

        db.Record(clock, adminUserId, listing.OrganizationId, action, nameof(Listing), listing.Id, reason);
        if (from == ListingStatus.InReview)
        {
            await TellProviderAsync(
                db, listing, revisionId: null, reason,
                reason is null
                    ? (address, organization) => EmailTemplates.ListingApproved(address, organization, listing.Name, links.Portal(listing.OrganizationId))
                    : (address, organization) => EmailTemplates.ListingRejected(address, organization, listing.Name, reason, links.PortalListing(listing.Id)),
                cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(listing.Id, cancellationToken);
    }

    /// <summary>
    /// Begins the transaction an administrator decides on one of an organization's listings in. Decisions on one
    /// organization's listings take turns, so of two administrators deciding at once the second reads what the first
    /// decided, and is refused, rather than overwriting it.
    /// </summary>
    private static async Task<IDbContextTransaction> BeginListingDecisionAsync(TrustVaultDbContext db, Guid listingId, CancellationToken cancellationToken)
    {
        var organizationId = await db.Listings.Where(l => l.Id == listingId).Select(l => (Guid?)l.OrganizationId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The listing does not exist.");
        return await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
    }

    /// <summary>As <see cref="BeginListingDecisionAsync"/>, for a decision on a revision of one of the organization's listings.</summary>
    private static async Task<IDbContextTransaction> BeginRevisionDecisionAsync(TrustVaultDbContext db, Guid revisionId, CancellationToken cancellationToken)
    {
        var organizationId = await db.ListingRevisions.Where(r => r.Id == revisionId).Select(r => (Guid?)r.Listing!.OrganizationId).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The revision does not exist.");
        return await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
    }

    /// <summary>
    /// Sends the provider's developers and owners the review decision by e-mail and webhook: the events of a first
    /// review, whose <c>revision_id</c> is null, and of a decision on changes to the live listing, which names its revision.
    /// </summary>
    /// <param name="email">The mail to one address, given the provider organization's name.</param>
    private async Task TellProviderAsync(
        TrustVaultDbContext db, Listing listing, Guid? revisionId, string? reason, Func<string, string, EmailMessage> email, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.PublishWebhookAsync(
            now, listing.OrganizationId, reason is null ? WebhookEventTypes.ListingApproved : WebhookEventTypes.ListingRejected,
            new { ListingId = listing.Id, ListingName = listing.Name, listing.Slug, Status = listing.Status.WebhookValue(), Reason = reason, RevisionId = revisionId },
            cancellationToken);
        var organization = await db.OrganizationNameAsync(listing.OrganizationId, cancellationToken);
        foreach (var address in await db.MemberAddressesAsync(listing.OrganizationId, [OrganizationRole.Owner, OrganizationRole.Developer], cancellationToken))
        {
            db.QueueEmail(email(address, organization), now);
        }
    }

    private static string Words(ListingStatus status) => status == ListingStatus.InReview ? "in review" : status.ToString().ToLowerInvariant();

    /// <summary>One page of the pending changes to live listings, sorted by <paramref name="sorts"/> and then the longest waiting first.</summary>
    public async Task<ItemPage<ListingRevisionSummary>> ListRevisionsAsync(
        string adminUserId, IReadOnlyList<SortBy> sorts, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var rows = db.ListingRevisions.AsNoTracking().Where(r => r.Status == ListingRevisionStatus.Pending);
        var items = await ListingRevisionSummary.Sorting.Order(rows, sorts, [new(nameof(ListingRevisionSummary.SubmittedAt))]).ThenBy(r => r.Id)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .Select(r => new ListingRevisionSummary(r.Id, r.ListingId, r.Listing!.Name, r.Listing.Slug, r.Listing.Organization!.Name, r.SubmittedAt))
            .ToListAsync(cancellationToken);
        return new ItemPage<ListingRevisionSummary>(items, await rows.CountAsync(cancellationToken));
    }

    /// <summary>A revision with the live listing's page and what the revision would change on it.</summary>
    public async Task<ListingRevisionReview> GetRevisionAsync(string adminUserId, Guid revisionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var revision = await db.ListingRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == revisionId, cancellationToken)
            ?? throw new NotFoundException("The revision does not exist.");
        var page = (await CatalogService.LoadPageAsync(db, markdown, l => l.Id == revision.ListingId, cancellationToken))!;
        // The page shows offered plans only; a revision may change a hidden one too.
        var live = await db.Listings.AsNoTracking()
            .Include(l => l.Endpoints.OrderBy(e => e.SortOrder))
            .Include(l => l.Plans)
            .AsSplitQuery()
            .SingleAsync(l => l.Id == revision.ListingId, cancellationToken);
        var changes = revision.Status == ListingRevisionStatus.Pending ? ProposedChanges.Between(live, revision.Proposal) : [];
        return new ListingRevisionReview(revision.Id, revision.Status, revision.SubmittedAt, page, changes);
    }

    /// <summary>
    /// Applies a pending revision to the live listing: its fields, endpoints and plans, plan changes versioned as the
    /// provider's own would be. A renamed listing keeps answering at its former slug.
    /// </summary>
    public async Task ApproveRevisionAsync(string adminUserId, Guid revisionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        await using var transaction = await BeginRevisionDecisionAsync(db, revisionId, cancellationToken);
        var revision = await PendingRevisionAsync(db, adminUserId, revisionId, cancellationToken);
        var listing = await db.Listings.Include(l => l.Plans).SingleAsync(l => l.Id == revision.ListingId, cancellationToken);
        var proposal = revision.Proposal;
        if (proposal.Fields.Slug != listing.Slug)
        {
            await KeepFormerSlugAsync(db, listing, proposal.Fields.Slug, cancellationToken);
        }

        // The health path is not reviewed: the provider's latest one stays.
        ListingService.Apply(listing, proposal.Fields with { HealthPath = listing.HealthPath });
        if (proposal.OpenApiDocument is { } document)
        {
            var import = OpenApiImporter.Import(document);
            if (!import.Succeeded)
            {
                throw new InvalidInputException("OpenApiDocument", "The proposed API definition no longer imports: reject the changes.");
            }

            await ListingService.ReplaceEndpointsAsync(db, listing, document, import, cancellationToken);
        }

        foreach (var plan in proposal.Plans)
        {
            await ApplyAsync(db, adminUserId, listing, plan, cancellationToken);
        }

        ListingService.Close(revision, ListingRevisionStatus.Approved);
        revision.ReviewedByUserId = adminUserId;
        revision.ReviewedAt = clock.GetUtcNow();
        db.Record(clock, adminUserId, listing.OrganizationId, "listing.revision-approved", nameof(Listing), listing.Id);
        await TellProviderAsync(
            db, listing, revision.Id, reason: null,
            (address, organization) => EmailTemplates.ListingChangesApproved(address, organization, listing.Name, links.PortalListing(listing.Id)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(listing.Id, cancellationToken);
    }

    /// <summary>Leaves the live listing as it is; the provider sees the reason and may propose again.</summary>
    public async Task RejectRevisionAsync(string adminUserId, Guid revisionId, string reason, CancellationToken cancellationToken)
    {
        var why = RequireReason(reason);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        await using var transaction = await BeginRevisionDecisionAsync(db, revisionId, cancellationToken);
        var revision = await PendingRevisionAsync(db, adminUserId, revisionId, cancellationToken);
        var listing = await db.Listings.AsNoTracking().SingleAsync(l => l.Id == revision.ListingId, cancellationToken);
        ListingService.Close(revision, ListingRevisionStatus.Rejected);
        revision.Reason = why;
        revision.ReviewedByUserId = adminUserId;
        revision.ReviewedAt = clock.GetUtcNow();
        db.Record(clock, adminUserId, listing.OrganizationId, "listing.revision-rejected", nameof(Listing), listing.Id, why);
        await TellProviderAsync(
            db, listing, revision.Id, why,
            (address, organization) => EmailTemplates.ListingChangesRejected(address, organization, listing.Name, why, links.PortalListing(listing.Id)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<ListingRevision> PendingRevisionAsync(TrustVaultDbContext db, string adminUserId, Guid revisionId, CancellationToken cancellationToken)
    {
        var revision = await db.ListingRevisions.SingleOrDefaultAsync(r => r.Id == revisionId, cancellationToken)
            ?? throw new NotFoundException("The revision does not exist.");
        if (revision.Status != ListingRevisionStatus.Pending)
        {
            throw new InvalidInputException("Status", $"The changes were {revision.Status.ToString().ToLowerInvariant()} already.");
        }

        // Review means a second pair of eyes, also for an administrator who works on a provider's listings.
        if (revision.SubmittedByUserId == adminUserId)
        {
            throw new ForbiddenException("Another administrator must review changes you proposed.");
        }

        return revision;
    }

    /// <summary>Makes <paramref name="slug"/> the listing's address and its current one an alias, which a listing taking back a former slug drops.</summary>
    private async Task KeepFormerSlugAsync(TrustVaultDbContext db, Listing listing, string slug, CancellationToken cancellationToken)
    {
        await ListingService.RequireFreeSlugAsync(db, slug, listing.Id, cancellationToken);
        if (await db.ListingSlugAliases.SingleOrDefaultAsync(a => a.Slug == slug, cancellationToken) is { } former)
        {
            db.ListingSlugAliases.Remove(former);
        }

        db.ListingSlugAliases.Add(new ListingSlugAlias { Slug = listing.Slug, ListingId = listing.Id, CreatedAt = clock.GetUtcNow() });
    }

    private async Task ApplyAsync(TrustVaultDbContext db, string adminUserId, Listing listing, ProposedPlan proposed, CancellationToken cancellationToken)
    {
        if (proposed.IsNew)
        {
            var plan = new Plan { Id = proposed.PlanId, ListingId = listing.Id, Name = proposed.Terms.Name };
            ListingService.ApplyTerms(plan, proposed.Terms);
            db.Plans.Add(plan);
            db.Record(clock, adminUserId, listing.OrganizationId, "plan.created", nameof(Plan), plan.Id, $"{plan.Name} on {listing.Slug}");
            return;
        }

        var current = listing.Plans.SingleOrDefault(p => p.Id == proposed.PlanId && p.RetiredAt == null)
            ?? throw new InvalidInputException("Plans", $"The plan {proposed.Terms.Name} was retired or deleted after these changes were proposed: reject them.");
        await ListingService.ChangePlanAsync(db, clock, adminUserId, listing.OrganizationId, current, proposed.Terms, cancellationToken);
    }

    private static string RequireReason(string reason)
    {
        var trimmed = reason.Trim();
        return trimmed.Length switch
        {
            0 => throw new InvalidInputException("Reason", "Give the provider a reason they can act on."),
            > ListingRules.ReasonMaxLength => throw new InvalidInputException("Reason", $"Use at most {ListingRules.ReasonMaxLength} characters."),
            _ => trimmed,
        };
    }
}
