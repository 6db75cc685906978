using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;

namespace TrustVault.Core.Catalog;

/// <summary>A published listing as the public listing page shows it.</summary>
public sealed record ListingPage(
    Listing Listing,
    string ProviderName,
    string DescriptionHtml,
    IReadOnlyList<ListingEndpoint> Endpoints,
    IReadOnlyList<Plan> Plans,
    double AverageRating,
    int ReviewCount);

/// <summary>What anyone, signed in or not, may read of the catalog: published listings only.</summary>
public sealed class CatalogService(IDbContextFactory<TrustVaultDbContext> contexts, CatalogSearchIndex index, MarkdownRenderer markdown)
{
    public CatalogSearchResult Search(CatalogQuery query) => index.Search(query);

    /// <inheritdoc cref="CatalogSearchIndex.Suggest"/>
    public IReadOnlyList<CatalogSuggestion> Suggest(string? text, int limit) => index.Suggest(text, limit);

    /// <inheritdoc cref="CatalogSearchIndex.Related"/>
    public IReadOnlyList<CatalogDocument> Related(Guid listingId, int count) => index.Related(listingId, count);

    public async Task<ListingPage?> GetPublishedAsync(string slug, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await LoadPageAsync(db, markdown, l => l.Slug == slug && l.Status == ListingStatus.Published, cancellationToken);
    }

    /// <summary>The OpenAPI document of the published listing at <paramref name="slug"/>; null for none, or no such listing.</summary>
    public async Task<string?> PublishedDocumentAsync(string slug, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Listings.Where(l => l.Slug == slug && l.Status == ListingStatus.Published).Select(l => l.OpenApiDocument).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The current slug of the published listing that answered at <paramref name="formerSlug"/> before a rename, if any.</summary>
    public async Task<string?> RenamedToAsync(string formerSlug, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ListingSlugAliases
            .Where(a => a.Slug == formerSlug)
            .Join(db.Listings.Where(l => l.Status == ListingStatus.Published), a => a.ListingId, l => l.Id, (a, l) => l.Slug)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The plans open to new subscribers of each published listing among <paramref name="listingIds"/>, cheapest first, in one query.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Plan>>> OfferedPlansAsync(IReadOnlyCollection<Guid> listingIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plans = await db.Plans.AsNoTracking().Where(Plan.Offered)
            .Where(p => listingIds.Contains(p.ListingId) && p.Listing!.Status == ListingStatus.Published)
            .ToListAsync(cancellationToken);
        return plans.GroupBy(p => p.ListingId).ToDictionary(g => g.Key, g => (IReadOnlyList<Plan>)[.. g.OrderBy(p => p.MonthlyPrice)]);
    }

    /// <summary>Loads the page of the one listing <paramref name="which"/> selects, with its offered plans.</summary>
    internal static async Task<ListingPage?> LoadPageAsync(
        TrustVaultDbContext db, MarkdownRenderer markdown, Expression<Func<Listing, bool>> which, CancellationToken cancellationToken)
    {
        var listing = await db.Listings
            .AsNoTracking()
            .Include(l => l.Organization)
            .Include(l => l.Endpoints.OrderBy(e => e.SortOrder))
            .Include(l => l.Plans.AsQueryable().Where(Plan.Offered))
            .AsSplitQuery()
            .SingleOrDefaultAsync(which, cancellationToken);
        if (listing is null)
        {
            return null;
        }

        var ratings = await db.Reviews.Where(r => r.ListingId == listing.Id).Select(r => r.Rating).ToListAsync(cancellationToken);
        return new ListingPage(
            listing,
            listing.Organization?.Name ?? "",
            markdown.ToSafeHtml(listing.Description),
            listing.Endpoints,
            listing.Plans.OrderBy(p => p.MonthlyPrice).ToList(),
            ratings.Count == 0 ? 0 : ratings.Average(),
            ratings.Count);
    }
}
