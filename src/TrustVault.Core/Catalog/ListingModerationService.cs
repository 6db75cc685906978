using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Catalog;

/// <summary>The platform administrators' side of the listing lifecycle: review, approve, reject, suspend.</summary>
public sealed class ListingModerationService(
    IDbContextFactory<TrustVaultDbContext> contexts, CatalogIndexer indexer, MarkdownRenderer markdown, TimeProvider clock)
{
    /// <summary>Any listing, whatever its status, as its catalog page would show it: for review before approval.</summary>
    public async Task<ListingPage> GetPageAsync(string adminUserId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        return await CatalogService.LoadPageAsync(db, markdown, l => l.Id == listingId, cancellationToken)
            ?? throw new NotFoundException("The listing does not exist.");
    }

    /// <summary>Listings in one status, the longest waiting first.</summary>
    public async Task<IReadOnlyList<ListingSummary>> ListAsync(string adminUserId, ListingStatus status, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireAdminAsync(adminUserId, cancellationToken);
        var rows = await db.Listings
            .Where(l => l.Status == status)
            .Select(l => new ListingSummary(l.Id, l.Name, l.Slug, l.Organization!.Name, l.Status, l.StatusReason, l.Plans.Count, l.Endpoints.Count, l.UpdatedAt))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(l => l.UpdatedAt).ToList();
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
        var listing = await db.Listings.SingleOrDefaultAsync(l => l.Id == listingId, cancellationToken)
            ?? throw new NotFoundException("The listing does not exist.");
        if (listing.Status != from)
        {
            throw new InvalidInputException("Status", $"The listing is {listing.Status}, not {from}: it may have been decided already.");
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
            await db.PublishWebhookAsync(
                clock.GetUtcNow(), listing.OrganizationId, to == ListingStatus.Published ? WebhookEventTypes.ListingApproved : WebhookEventTypes.ListingRejected,
                new { ListingId = listing.Id, ListingName = listing.Name, listing.Slug, Status = to.WebhookValue(), Reason = reason }, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await indexer.RefreshAsync(listing.Id, cancellationToken);
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
