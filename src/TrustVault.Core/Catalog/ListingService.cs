using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Egress;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Catalog;

/// <summary>
/// A provider's work on its own listings and plans. Every method takes the acting user and the
/// organization they act for, checks that membership, and only ever touches that organization's listings.
/// Drafts change directly; changes to a live listing become its pending <see cref="ListingRevision"/>, except the
/// few that change nothing customers pay, where their calls go or what the catalog page says (see each method).
/// </summary>
public sealed class ListingService(
    IDbContextFactory<TrustVaultDbContext> contexts, UpstreamUrlPolicy upstreams, CatalogIndexer indexer, TimeProvider clock)
{
    private static readonly OrganizationRole[] Editors = [OrganizationRole.Owner, OrganizationRole.Developer];

    /// <summary>Whether a member of this role edits the organization's listings and sees their signing secrets.</summary>
    public static bool MayEdit(OrganizationRole role) => Editors.Contains(role);

    /// <summary>Every listing of the organization, the latest changed first: for the portal's pickers.</summary>
    public async Task<IReadOnlyList<ListingSummary>> ListAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        return await Ordered(db.Listings.AsNoTracking().ForOrganization(organizationId), [])
            .Select(ListingSummary.FromListing)
            .ToListAsync(cancellationToken);
    }

    /// <summary>One page of the organization's listings, sorted by <paramref name="sorts"/> and then the latest changed first: the portal's table and the platform API.</summary>
    public async Task<ItemPage<ListingSummary>> ListPageAsync(
        string userId, Guid organizationId, IReadOnlyList<SortBy> sorts, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var rows = db.Listings.AsNoTracking().ForOrganization(organizationId);
        var items = await Ordered(rows, sorts)
            .Page(page, Math.Clamp(pageSize, 1, 100))
            .Select(ListingSummary.FromListing)
            .ToListAsync(cancellationToken);
        return new ItemPage<ListingSummary>(items, await rows.CountAsync(cancellationToken));
    }

    private static IOrderedQueryable<Listing> Ordered(IQueryable<Listing> rows, IReadOnlyList<SortBy> sorts) =>
        ListingSummary.Sorting.Order(rows, sorts, [new(nameof(ListingSummary.UpdatedAt), Descending: true)]).ThenBy(l => l.Id);

    /// <summary>One of the organization's own listings with its endpoints and plans.</summary>
    public async Task<Listing> GetAsync(string userId, Guid organizationId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        return await db.Listings.ForOrganization(organizationId)
            .Include(l => l.Endpoints.OrderBy(e => e.SortOrder))
            .Include(l => l.Plans.OrderBy(p => p.CreatedAt))
            .AsSplitQuery()
            .SingleOrDefaultAsync(l => l.Id == listingId, cancellationToken)
            ?? throw new NotFoundException("The listing does not exist.");
    }

    public async Task<Guid> CreateAsync(string userId, Guid organizationId, ListingInput input, CancellationToken cancellationToken)
    {
        var clean = ListingRules.Validate(input, upstreams);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        await RequireFreeSlugAsync(db, clean.Slug, null, cancellationToken);
        var listing = new Listing { OrganizationId = organizationId, Name = clean.Name, Slug = clean.Slug };
        Apply(listing, clean);
        db.Listings.Add(listing);
        db.Record(clock, userId, organizationId, "listing.created", nameof(Listing), listing.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return listing.Id;
    }

    /// <summary>
    /// Changes a draft's fields. On a live listing only the health path changes at once (it steers the uptime probe,
    /// nothing customers pay for or call); the other fields go to the pending revision.
    /// </summary>
    public async Task UpdateAsync(string userId, Guid organizationId, Guid listingId, ListingInput input, CancellationToken cancellationToken)
    {
        var clean = ListingRules.Validate(input, upstreams);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        RequireEditable(listing);
        await RequireFreeSlugAsync(db, clean.Slug, listing.Id, cancellationToken);
        if (listing.IsLive)
        {
            if (listing.HealthPath != clean.HealthPath)
            {
                listing.HealthPath = clean.HealthPath;
                db.Record(clock, userId, organizationId, "listing.health-path-changed", nameof(Listing), listing.Id);
            }

            await ProposeAsync(db, userId, listing, proposal => proposal with { Fields = clean }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        Apply(listing, clean);
        db.Record(clock, userId, organizationId, "listing.updated", nameof(Listing), listing.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(listing.Id, cancellationToken);
    }

    /// <summary>
    /// Gives the listing a new signing secret, for one that leaked or that a former member knew. At once and without a
    /// grace period: the signature header holds one signature, so the old secret cannot stay valid beside the new one,
    /// and a secret someone else holds should stop working as soon as the provider asks.
    /// </summary>
    public async Task<string> RotateSigningSecretAsync(string userId, Guid organizationId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        listing.SigningSecret = Listing.NewSigningSecret();
        db.Record(clock, userId, organizationId, "listing.signing-secret-rotated", nameof(Listing), listing.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return listing.SigningSecret;
    }

    /// <summary>The live listing's pending revision with what it would change, else its latest approved, rejected or withdrawn one; null when none.</summary>
    public async Task<ListingRevisionView?> GetLatestRevisionAsync(string userId, Guid organizationId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        return await LatestRevisionAsync(db, listing, cancellationToken);
    }

    /// <summary>Where the listing is in review: its status, and once it is live, its latest revision as <see cref="GetLatestRevisionAsync"/> gives it.</summary>
    public async Task<ListingReviewStatus> GetReviewStatusAsync(string userId, Guid organizationId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        var revision = await LatestRevisionAsync(db, listing, cancellationToken);
        return new ListingReviewStatus(listing.Id, listing.Name, listing.Slug, listing.Status, listing.StatusReason, revision);
    }

    private static async Task<ListingRevisionView?> LatestRevisionAsync(TrustVaultDbContext db, Listing listing, CancellationToken cancellationToken)
    {
        var revision = await db.ListingRevisions.AsNoTracking().Where(r => r.ListingId == listing.Id && r.Status != ListingRevisionStatus.Superseded)
            .OrderByDescending(r => r.PendingListingId != null).ThenByDescending(r => r.SubmittedAt).FirstOrDefaultAsync(cancellationToken);
        if (revision is null)
        {
            return null;
        }

        await LoadEndpointsAndPlansAsync(db, listing, cancellationToken);
        return ListingRevisionView.Of(revision, listing);
    }

    /// <summary>Drops the live listing's pending revision: the listing stays as it is.</summary>
    public async Task WithdrawRevisionAsync(string userId, Guid organizationId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        var revision = await db.ListingRevisions.SingleOrDefaultAsync(r => r.PendingListingId == listing.Id, cancellationToken)
            ?? throw new InvalidInputException("Revision", "No changes are waiting for review: they may have been decided already.");
        Close(revision, ListingRevisionStatus.Withdrawn);
        db.Record(clock, userId, organizationId, "listing.revision-withdrawn", nameof(Listing), listing.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Replaces the listing's endpoints with those of the document, on a live listing once the revision is approved; an invalid document changes nothing.</summary>
    public async Task<OpenApiImport> ImportOpenApiAsync(
        string userId, Guid organizationId, Guid listingId, string document, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RequireProviderEditorAsync(db, userId, organizationId, cancellationToken);
        // Read before the lock: a large document takes a while, and the lock holds the organization's other edits.
        var import = OpenApiImporter.Import(document);
        if (!import.Succeeded)
        {
            return import;
        }

        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        RequireEditable(listing);
        if (listing.IsLive)
        {
            // The endpoints are what the catalog page documents: a new definition waits for review like the description.
            var changed = document != listing.OpenApiDocument;
            await ProposeAsync(db, userId, listing, proposal => proposal with { OpenApiDocument = changed ? document : null }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return import;
        }

        await ReplaceEndpointsAsync(db, listing, document, import, cancellationToken);
        db.Record(clock, userId, organizationId, "listing.openapi-imported", nameof(Listing), listing.Id, $"{import.Endpoints.Count} endpoints");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(listing.Id, cancellationToken);
        return import;
    }

    /// <summary>Stores a successfully imported document and replaces the listing's endpoints with its operations.</summary>
    internal static async Task ReplaceEndpointsAsync(
        TrustVaultDbContext db, Listing listing, string document, OpenApiImport import, CancellationToken cancellationToken)
    {
        // Replaced as a whole: the old endpoints are orphans of the listing and deleted with the save.
        await db.Entry(listing).Collection(l => l.Endpoints).LoadAsync(cancellationToken);
        listing.Endpoints.Clear();
        // Added explicitly: their keys are made on the client, so EF would otherwise take them for existing rows.
        db.ListingEndpoints.AddRange(import.Endpoints);
        listing.Endpoints.AddRange(import.Endpoints);
        listing.OpenApiDocument = document;
    }

    /// <summary>
    /// Draft or Rejected → In review. The listing needs an endpoint, an offered plan and (unless first-party) an upstream.
    /// A live listing's changes are in review from the moment they are saved (ADR 0008): submitting them changes nothing,
    /// and is refused only when none are waiting, so a pipeline can submit whatever the listing's status.
    /// </summary>
    public async Task SubmitForReviewAsync(string userId, Guid organizationId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        if (listing.IsLive)
        {
            if (!await db.ListingRevisions.AnyAsync(r => r.PendingListingId == listing.Id, cancellationToken))
            {
                throw new InvalidInputException("Revision", "No changes are waiting for review: change the listing, its plans or its OpenAPI document first.");
            }

            return;
        }

        if (listing.Status is not (ListingStatus.Draft or ListingStatus.Rejected))
        {
            throw new InvalidInputException("Status", $"A listing that is {listing.Status} cannot be submitted for review.");
        }

        var errors = new ValidationErrors();
        if (!await db.ListingEndpoints.AnyAsync(e => e.ListingId == listing.Id, cancellationToken))
        {
            errors.Add("Endpoints", "Import an OpenAPI document so customers can see the endpoints.");
        }

        if (!await db.Plans.Where(Plan.Offered).AnyAsync(p => p.ListingId == listing.Id, cancellationToken))
        {
            errors.Add("Plans", "Add at least one visible plan.");
        }

        if (!listing.IsFirstParty && listing.UpstreamBaseUrl is null)
        {
            errors.Add("UpstreamBaseUrl", "Enter the upstream base URL the gateway forwards calls to.");
        }

        errors.ThrowIfAny();
        listing.Status = ListingStatus.InReview;
        listing.StatusReason = null;
        db.Record(clock, userId, organizationId, "listing.submitted", nameof(Listing), listing.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Adds a plan to a draft, or proposes one in a live listing's revision: a new plan is a new price customers may be
    /// charged. Returns the plan's id, which a proposed plan gets when approved.
    /// </summary>
    public async Task<Guid> AddPlanAsync(string userId, Guid organizationId, Guid listingId, PlanInput input, CancellationToken cancellationToken)
    {
        var clean = PlanRules.Validate(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var listing = await FindOwnAsync(db, organizationId, listingId, cancellationToken);
        RequireEditable(listing);
        if (listing.IsLive)
        {
            var proposed = new ProposedPlan(Guid.CreateVersion7(), IsNew: true, clean);
            await ProposeAsync(db, userId, listing, proposal => proposal.WithPlan(proposed.PlanId, proposed), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return proposed.PlanId;
        }

        var plan = new Plan { ListingId = listing.Id, Name = clean.Name };
        RequireDistinctPlanNames([.. await OpenPlanNamesAsync(db, listing.Id, cancellationToken), (plan.Id, plan.Name)]);
        ApplyTerms(plan, clean);
        db.Plans.Add(plan);
        db.Record(clock, userId, organizationId, "plan.created", nameof(Plan), plan.Id, $"{plan.Name} on {listing.Slug}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(listing.Id, cancellationToken);
        return plan.Id;
    }

    /// <summary>
    /// Changes a plan. Without subscribers it changes in place; with subscribers a change of terms
    /// publishes a new version and retires the old one, which its subscribers keep. A live listing's plan changes
    /// only when its revision is approved, and then the same way.
    /// </summary>
    public async Task<PlanChange> UpdatePlanAsync(string userId, Guid organizationId, Guid planId, PlanInput input, CancellationToken cancellationToken)
    {
        var clean = PlanRules.Validate(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var plan = await FindOwnPlanAsync(db, organizationId, planId, cancellationToken);
        RequireEditable(plan.Listing!);
        if (plan.RetiredAt is not null)
        {
            throw new InvalidInputException("Plan", "A retired plan cannot change.");
        }

        if (plan.Listing!.IsLive)
        {
            var proposed = clean == PlanInput.From(plan) ? null : new ProposedPlan(plan.Id, IsNew: false, clean);
            await ProposeAsync(db, userId, plan.Listing, proposal => proposal.WithPlan(plan.Id, proposed), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new PlanChange(plan.Id, IsNewVersion: false, IsPendingReview: true);
        }

        RequireDistinctPlanNames([.. (await OpenPlanNamesAsync(db, plan.ListingId, cancellationToken)).Where(p => p.Id != plan.Id), (plan.Id, clean.Name)]);
        var change = await ChangePlanAsync(db, clock, userId, organizationId, plan, clean, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(plan.ListingId, cancellationToken);
        return change;
    }

    /// <summary>Gives <paramref name="plan"/> the terms <paramref name="clean"/>: in place, or as a new version when it has subscribers.</summary>
    internal static async Task<PlanChange> ChangePlanAsync(
        TrustVaultDbContext db, TimeProvider clock, string userId, Guid organizationId, Plan plan, PlanInput clean, CancellationToken cancellationToken)
    {
        if (clean.ChangesTermsOf(plan) && await HasSubscribersAsync(db, plan.Id, cancellationToken))
        {
            var next = new Plan { ListingId = plan.ListingId, Name = clean.Name, Version = plan.Version + 1, ReplacesPlanId = plan.Id };
            ApplyTerms(next, clean);
            db.Plans.Add(next);
            plan.RetiredAt = clock.GetUtcNow();
            db.Record(clock, userId, organizationId, "plan.versioned", nameof(Plan), next.Id, $"replaces {plan.Id}");
            return new PlanChange(next.Id, IsNewVersion: true);
        }

        plan.Name = clean.Name;
        ApplyTerms(plan, clean);
        db.Record(clock, userId, organizationId, "plan.updated", nameof(Plan), plan.Id);
        return new PlanChange(plan.Id, IsNewVersion: false);
    }

    /// <summary>
    /// Closes a plan to new subscribers; existing ones keep it. At once even on a live listing: it only withdraws an
    /// offer, and changes nothing anyone is charged.
    /// </summary>
    public async Task RetirePlanAsync(string userId, Guid organizationId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var plan = await FindOwnPlanAsync(db, organizationId, planId, cancellationToken);
        RequireEditable(plan.Listing!);
        plan.RetiredAt ??= clock.GetUtcNow();
        db.Record(clock, userId, organizationId, "plan.retired", nameof(Plan), plan.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(plan.ListingId, cancellationToken);
    }

    /// <summary>Deletes a plan nobody ever subscribed to, at once like retiring; others can only be retired.</summary>
    public async Task DeletePlanAsync(string userId, Guid organizationId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginEditAsync(db, userId, organizationId, cancellationToken);
        var plan = await FindOwnPlanAsync(db, organizationId, planId, cancellationToken);
        RequireEditable(plan.Listing!);
        if (await HasSubscribersAsync(db, plan.Id, cancellationToken))
        {
            throw new InvalidInputException("Plan", "This plan has subscribers: retire it instead of deleting it.");
        }

        db.Plans.Remove(plan);
        db.Record(clock, userId, organizationId, "plan.deleted", nameof(Plan), plan.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await indexer.RefreshAsync(plan.ListingId, cancellationToken);
    }

    private static async Task<Listing> FindOwnAsync(TrustVaultDbContext db, Guid organizationId, Guid listingId, CancellationToken cancellationToken) =>
        await db.Listings.ForOrganization(organizationId).SingleOrDefaultAsync(l => l.Id == listingId, cancellationToken)
        ?? throw new NotFoundException("The listing does not exist.");

    private static async Task<Plan> FindOwnPlanAsync(TrustVaultDbContext db, Guid organizationId, Guid planId, CancellationToken cancellationToken) =>
        await db.Listings.ForOrganization(organizationId).SelectMany(l => l.Plans).Include(p => p.Listing)
            .SingleOrDefaultAsync(p => p.Id == planId, cancellationToken)
        ?? throw new NotFoundException("The plan does not exist.");

    /// <summary>The listing's plans still offered or kept by subscribers (not retired), by id and name.</summary>
    private static async Task<List<(Guid Id, string Name)>> OpenPlanNamesAsync(TrustVaultDbContext db, Guid listingId, CancellationToken cancellationToken) =>
        (await db.Plans.Where(p => p.ListingId == listingId && p.RetiredAt == null).Select(p => new { p.Id, p.Name }).ToListAsync(cancellationToken))
            .Select(p => (p.Id, p.Name)).ToList();

    /// <summary>Customers tell plans apart by name: two open plans of one listing may not share one, whatever its case.</summary>
    private static void RequireDistinctPlanNames(IReadOnlyList<(Guid Id, string Name)> open)
    {
        if (open.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidInputException("Name", $"This API already has a plan named {twice.Key}: give each plan a name of its own.");
        }
    }

    private static Task<bool> HasSubscribersAsync(TrustVaultDbContext db, Guid planId, CancellationToken cancellationToken) =>
        // The subscribers are other organizations; the caller has already been found to own the plan.
        db.Subscriptions.AcrossOrganizations().AnyAsync(s => s.PlanId == planId, cancellationToken);

    /// <summary>
    /// Checks that the user edits the organization's listings and begins the transaction the edit runs in, holding the
    /// organization's lock: edits of one organization's listings and the administrators' decisions on them take turns,
    /// so a revision is amended, withdrawn or decided from what the last of them left, never from a copy read before.
    /// </summary>
    private static async Task<IDbContextTransaction> BeginEditAsync(TrustVaultDbContext db, string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await RequireProviderEditorAsync(db, userId, organizationId, cancellationToken);
        return await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
    }

    private static async Task RequireProviderEditorAsync(TrustVaultDbContext db, string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Editors);
        var isProvider = await db.Organizations.AnyAsync(o => o.Id == organizationId && o.ProviderTermsAcceptedAt != null, cancellationToken);
        if (!isProvider)
        {
            throw new ForbiddenException("Accept the provider terms before publishing listings.");
        }
    }

    /// <summary>
    /// Refuses a slug another listing answers at, now or as the alias of a former slug: one address, one listing.
    /// A listing may take back one of its own former slugs.
    /// </summary>
    internal static async Task RequireFreeSlugAsync(TrustVaultDbContext db, string slug, Guid? listingId, CancellationToken cancellationToken)
    {
        // Slugs are one address space for the whole catalog.
        if (await db.Listings.AcrossOrganizations().AnyAsync(l => l.Slug == slug && l.Id != listingId, cancellationToken)
            || await db.ListingSlugAliases.AnyAsync(a => a.Slug == slug && a.ListingId != listingId, cancellationToken))
        {
            throw new InvalidInputException("Slug", $"The address '{slug}' is taken: choose another.");
        }
    }

    /// <summary>
    /// Replaces the listing's pending revision with one amended by <paramref name="change"/>, or opens one. A new
    /// revision, not an edited one: an administrator who opened the old one cannot approve changes they never saw.
    /// A proposal left with nothing to change is withdrawn, so the review queue only holds real changes.
    /// </summary>
    private async Task ProposeAsync(
        TrustVaultDbContext db, string userId, Listing listing, Func<ListingProposal, ListingProposal> change, CancellationToken cancellationToken)
    {
        var pending = await db.ListingRevisions.SingleOrDefaultAsync(r => r.PendingListingId == listing.Id, cancellationToken);
        var proposal = change(pending?.Proposal ?? ListingProposal.Of(listing));
        await LoadEndpointsAndPlansAsync(db, listing, cancellationToken);
        RequireDistinctPlanNames([
            .. listing.Plans.Where(p => p.RetiredAt is null)
                .Select(p => (p.Id, proposal.Plans.FirstOrDefault(proposed => proposed.PlanId == p.Id)?.Terms.Name ?? p.Name)),
            .. proposal.Plans.Where(p => p.IsNew).Select(p => (p.PlanId, p.Terms.Name)),
        ]);
        var changesAnything = ProposedChanges.Between(listing, proposal).Count > 0;
        if (pending is not null)
        {
            Close(pending, changesAnything ? ListingRevisionStatus.Superseded : ListingRevisionStatus.Withdrawn);
        }

        if (!changesAnything)
        {
            if (pending is not null)
            {
                db.Record(clock, userId, listing.OrganizationId, "listing.revision-withdrawn", nameof(Listing), listing.Id, "nothing left to change");
            }

            return;
        }

        db.ListingRevisions.Add(new ListingRevision
        {
            ListingId = listing.Id,
            PendingListingId = listing.Id,
            Proposal = proposal,
            SubmittedByUserId = userId,
            SubmittedAt = clock.GetUtcNow(),
        });
        db.Record(clock, userId, listing.OrganizationId, "listing.revision-proposed", nameof(Listing), listing.Id);
    }

    private static async Task LoadEndpointsAndPlansAsync(TrustVaultDbContext db, Listing listing, CancellationToken cancellationToken)
    {
        await db.Entry(listing).Collection(l => l.Endpoints).Query().OrderBy(e => e.SortOrder).LoadAsync(cancellationToken);
        await db.Entry(listing).Collection(l => l.Plans).LoadAsync(cancellationToken);
    }

    /// <summary>Ends a pending revision; its listing may then have a new one.</summary>
    internal static void Close(ListingRevision revision, ListingRevisionStatus status)
    {
        revision.Status = status;
        revision.PendingListingId = null;
    }

    private static void RequireEditable(Listing listing)
    {
        if (listing.Status == ListingStatus.InReview)
        {
            throw new InvalidInputException("Status", "The listing is in review: wait for the decision before changing it.");
        }
    }

    internal static void Apply(Listing listing, ListingInput input)
    {
        listing.Name = input.Name;
        listing.Slug = input.Slug;
        listing.Summary = input.Summary;
        listing.Description = input.Description;
        listing.Category = input.Category;
        listing.Tags = [.. input.Tags];
        listing.LogoUrl = input.LogoUrl;
        listing.UpstreamBaseUrl = input.UpstreamBaseUrl;
        listing.HealthPath = input.HealthPath;
        listing.Version = input.Version;
    }

    internal static void ApplyTerms(Plan plan, PlanInput input)
    {
        plan.MonthlyPrice = input.MonthlyPrice;
        plan.Currency = input.Currency;
        plan.IncludedCallsPerMonth = input.IncludedCallsPerMonth;
        plan.OveragePricePer1000 = input.OveragePricePer1000;
        plan.RateLimitPerSecond = input.RateLimitPerSecond;
        plan.RateLimitPerMinute = input.RateLimitPerMinute;
        plan.TrialDays = input.TrialDays;
        plan.IsVisible = input.IsVisible;
    }
}
