using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;

namespace TrustVault.Core.Catalog;

/// <summary>
/// Keeps each first-party listing's OpenAPI document equal to the one generated from the app's own routes, through
/// the import providers use: the stored document, the listing's endpoints and the catalog search index change together.
/// </summary>
public sealed class FirstPartyDocumentSync(IDbContextFactory<TrustVaultDbContext> contexts, CatalogIndexer indexer, TimeProvider clock)
{
    /// <param name="documents">The generated document of each first-party listing, by slug; slugs without a listing are skipped.</param>
    /// <returns>The slugs whose stored document was replaced.</returns>
    public async Task<IReadOnlyList<string>> SyncAsync(IReadOnlyDictionary<string, string> documents, CancellationToken cancellationToken)
    {
        var replaced = new List<string>();
        foreach (var (slug, document) in documents)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var listing = await db.Listings.SingleOrDefaultAsync(l => l.Slug == slug && l.IsFirstParty, cancellationToken);
            if (listing is null || listing.OpenApiDocument == document)
            {
                continue;
            }

            var import = OpenApiImporter.Import(document);
            if (!import.Succeeded)
            {
                throw new InvalidOperationException($"The generated OpenAPI document of {slug} is invalid: {string.Join("; ", import.Errors)}");
            }

            await ListingService.ReplaceEndpointsAsync(db, listing, document, import, cancellationToken);
            db.Record(clock, null, listing.OrganizationId, "listing.openapi-generated", nameof(Listing), listing.Id, $"{import.Endpoints.Count} endpoints");
            await db.SaveChangesAsync(cancellationToken);
            await indexer.RefreshAsync(listing.Id, cancellationToken);
            replaced.Add(slug);
        }

        return replaced;
    }
}
