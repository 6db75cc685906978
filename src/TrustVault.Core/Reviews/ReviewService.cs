using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Reviews;

public sealed record ReviewView(Guid Id, string OrganizationName, int Rating, string Text, DateTimeOffset UpdatedAt, string? ProviderReply);

/// <summary>
/// Ratings and reviews: only an organization that has (or had) a subscription to the listing, and is not its
/// provider, may review it, once, editable; the listing's provider may reply once to each review.
/// </summary>
public sealed class ReviewService(IDbContextFactory<TrustVaultDbContext> contexts, CatalogIndexer indexer, TimeProvider clock)
{
    private static readonly OrganizationRole[] Writers = [OrganizationRole.Owner, OrganizationRole.Developer];

    public async Task<ItemPage<ReviewView>> ListAsync(Guid listingId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Reviews are public: every visitor of the listing reads them all.
        var reviews = db.Reviews.AcrossOrganizations().Where(r => r.ListingId == listingId);
        var total = await reviews.CountAsync(cancellationToken);
        var rows = await reviews
            .OrderByDescending(r => r.UpdatedAt)
            // Reviews saved together share a time; one order for them, so that pages (a link each) neither repeat nor skip one.
            .ThenByDescending(r => r.Id)
            .Page(Math.Max(page, 1) - 1, pageSize)
            .Select(r => new ReviewView(
                r.Id, db.Organizations.Where(o => o.Id == r.OrganizationId).Select(o => o.Name).Single(), r.Rating, r.Text, r.UpdatedAt, r.ProviderReply))
            .ToListAsync(cancellationToken);
        return new ItemPage<ReviewView>(rows, total);
    }

    /// <summary>Whether a member of the organization in <paramref name="role"/> may review the listing, and the organization's review if it wrote one.</summary>
    public async Task<(bool CanReview, Review? Existing)> GetOwnAsync(Guid organizationId, OrganizationRole role, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var canReview = Writers.Contains(role)
            && await db.Subscriptions.ForOrganization(organizationId).AnyAsync(s => s.ListingId == listingId, cancellationToken)
            && !await IsProviderAsync(db, organizationId, listingId, cancellationToken);
        var existing = await db.Reviews.AsNoTracking().ForOrganization(organizationId).SingleOrDefaultAsync(r => r.ListingId == listingId, cancellationToken);
        return (canReview, existing);
    }

    /// <summary>Writes or edits the organization's one review of the listing.</summary>
    public async Task SaveAsync(string userId, Guid organizationId, Guid listingId, int rating, string text, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (rating is < 1 or > 5)
        {
            errors["Rating"] = ["Choose 1 to 5 stars."];
        }

        var cleanText = text.Trim();
        if (cleanText.Length > Review.MaxTextLength)
        {
            errors["Text"] = [$"Use at most {Review.MaxTextLength} characters."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Writers);
        if (!await db.Subscriptions.ForOrganization(organizationId).AnyAsync(s => s.ListingId == listingId, cancellationToken))
        {
            throw new ForbiddenException("Only organizations that subscribe (or subscribed) to this API can review it.");
        }

        if (await IsProviderAsync(db, organizationId, listingId, cancellationToken))
        {
            throw new ForbiddenException("A provider cannot review its own API.");
        }

        var review = await db.Reviews.ForOrganization(organizationId).SingleOrDefaultAsync(r => r.ListingId == listingId, cancellationToken);
        if (review is null)
        {
            review = new Review { ListingId = listingId, OrganizationId = organizationId, AuthorUserId = userId };
            db.Reviews.Add(review);
        }

        review.AuthorUserId = userId;
        review.Rating = rating;
        review.Text = cleanText;
        await db.SaveChangesAsync(cancellationToken);
        await indexer.RefreshAsync(listingId, cancellationToken);
    }

    /// <summary>The provider's one public answer to a review of its own listing.</summary>
    public async Task ReplyAsync(string userId, Guid providerOrganizationId, Guid reviewId, string text, CancellationToken cancellationToken)
    {
        var cleanText = text.Trim();
        if (cleanText.Length is 0 or > Review.MaxTextLength)
        {
            throw new InvalidInputException("Reply", $"Write a reply of 1 to {Review.MaxTextLength} characters.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, providerOrganizationId, cancellationToken, OrganizationRole.Owner, OrganizationRole.Developer);
        // A review belongs to the customer who wrote it; the provider reaches those of its own listings.
        var ownListings = db.Listings.ForOrganization(providerOrganizationId);
        var review = await db.Reviews.AcrossOrganizations()
            .SingleOrDefaultAsync(r => r.Id == reviewId && ownListings.Any(l => l.Id == r.ListingId), cancellationToken)
            ?? throw new NotFoundException("The review does not exist.");
        if (review.ProviderReply is not null)
        {
            throw new InvalidInputException("Reply", "You have already replied to this review.");
        }

        review.ProviderReply = cleanText;
        review.RepliedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    // A provider may subscribe to its own listing (to try it), but a rating of its own API would not be a customer's.
    private static Task<bool> IsProviderAsync(TrustVaultDbContext db, Guid organizationId, Guid listingId, CancellationToken cancellationToken) =>
        db.Listings.ForOrganization(organizationId).AnyAsync(l => l.Id == listingId, cancellationToken);
}
