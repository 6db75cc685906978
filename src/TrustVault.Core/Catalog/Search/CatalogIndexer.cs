using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Catalog.Search;

/// <summary>Keeps <see cref="CatalogSearchIndex"/> in step with the database: only published listings are searchable.</summary>
public sealed class CatalogIndexer(IDbContextFactory<TrustVaultDbContext> contexts, CatalogSearchIndex index)
{
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        index.Rebuild(await DocumentsAsync(db, db.Listings.Where(l => l.Status == ListingStatus.Published), cancellationToken));
    }

    /// <summary>Re-reads one listing after a change and adds, replaces or removes it in the index.</summary>
    public async Task RefreshAsync(Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var documents = await DocumentsAsync(db, db.Listings.Where(l => l.Id == listingId && l.Status == ListingStatus.Published), cancellationToken);
        if (documents.Count == 0)
        {
            index.Remove(listingId);
        }
        else
        {
            index.Upsert(documents[0]);
        }
    }

    private static async Task<List<CatalogDocument>> DocumentsAsync(TrustVaultDbContext db, IQueryable<Listing> listings, CancellationToken cancellationToken)
    {
        var rows = await listings
            .Select(l => new
            {
                Listing = l,
                Provider = l.Organization!.Name,
                Endpoints = l.Endpoints.Select(e => e.Summary).ToList(),
                Plans = l.Plans.AsQueryable().Where(Plan.Offered).ToList(),
                Ratings = db.Reviews.Where(r => r.ListingId == l.Id).Select(r => r.Rating).ToList(),
                Subscribers = db.Subscriptions.Count(s => s.ListingId == l.Id && s.Status != SubscriptionStatus.Canceled),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return rows.Select(r =>
        {
            var cheapest = r.Plans.OrderBy(p => p.MonthlyPrice).FirstOrDefault();
            return new CatalogDocument(
                r.Listing.Id,
                r.Listing.Slug,
                r.Listing.Name,
                r.Listing.Summary,
                r.Listing.Description,
                r.Listing.Category,
                r.Listing.Tags,
                r.Endpoints.Where(s => s is not null).Select(s => s!).ToList(),
                r.Provider,
                r.Listing.IsFirstParty,
                cheapest?.MonthlyPrice,
                r.Plans.Any(p => !p.Charges),
                cheapest?.Currency ?? "USD",
                r.Plans.Any(p => p.TrialDays > 0),
                r.Ratings.Count == 0 ? 0 : r.Ratings.Average(),
                r.Ratings.Count,
                // Popularity: organizations using it now, plus those who cared to review it.
                r.Subscribers + r.Ratings.Count,
                r.Listing.PublishedAt ?? r.Listing.CreatedAt,
                r.Listing.LogoUrl);
        }).ToList();
    }
}
