using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TrustVault.Core.Caching;
using TrustVault.Core.Data;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Catalog.Search;

/// <summary>
/// Keeps <see cref="CatalogSearchIndex"/> in step with the database: only published listings are searchable. Each node
/// has an index of its own, so a listing changed on one node is read again on every node, told through
/// <see cref="ICacheInvalidations"/> as the gateway's caches are: search, categories and suggestions on the others would
/// otherwise keep a suspended listing, or miss an approved one, until they restart.
/// </summary>
public sealed partial class CatalogIndexer : IDisposable
{
    /// <summary>The name of the index in <see cref="ICacheInvalidations"/>; its entries are named by listing id ("N").</summary>
    internal const string CacheName = "catalog";

    private readonly IDbContextFactory<TrustVaultDbContext> contexts;
    private readonly CatalogSearchIndex index;
    private readonly ICacheInvalidations invalidations;
    private readonly ILogger<CatalogIndexer> logger;

    // One read at a time, each with its write to the index: of two reads of one listing, the later one's answer must
    // be the one the index keeps.
    private readonly SemaphoreSlim reading = new(1, 1);
    private readonly ConcurrentDictionary<Guid, Task> refreshes = new();

    public CatalogIndexer(
        IDbContextFactory<TrustVaultDbContext> contexts, CatalogSearchIndex index, ICacheInvalidations invalidations, ILogger<CatalogIndexer> logger)
    {
        this.contexts = contexts;
        this.index = index;
        this.invalidations = invalidations;
        this.logger = logger;
        invalidations.Register(CacheName, Changed, Resync);
    }

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await reading.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            index.Rebuild(await DocumentsAsync(db, db.Listings.Where(l => l.Status == ListingStatus.Published), cancellationToken));
        }
        finally
        {
            reading.Release();
        }
    }

    /// <summary>
    /// Re-reads one listing after a saved change and adds, replaces or removes it in the index: on this node before the
    /// returned task completes, on the others as soon as they hear of it.
    /// </summary>
    public Task RefreshAsync(Guid listingId, CancellationToken cancellationToken)
    {
        invalidations.Invalidate(CacheName, listingId.ToString("N"));
        return refreshes.TryGetValue(listingId, out var refresh) ? refresh.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    public void Dispose() => reading.Dispose();

    /// <summary>Starts reading a listing changed on any node, this one included.</summary>
    private void Changed(string key)
    {
        if (!Guid.TryParseExact(key, "N", out var listingId))
        {
            return;
        }

        // On the pool: another node's message arrives on the Redis connection's thread, which must not wait for the database.
        var refresh = Task.Run(() => ReadAsync(listingId));
        refreshes[listingId] = refresh;
        _ = refresh.ContinueWith(
            _ => refreshes.TryRemove(new KeyValuePair<Guid, Task>(listingId, refresh)), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Starts reading every listing again: this node may have missed changes made on the others.</summary>
    private void Resync() => _ = Task.Run(ResyncAsync);

    private async Task ResyncAsync()
    {
        try
        {
            await RebuildAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The index keeps what it held; a listing missed shows in search with its next change or the node's restart.
            LogNotResynced(logger, e);
        }
    }

    private async Task ReadAsync(Guid listingId)
    {
        try
        {
            // Not a caller's token: the caller that changed the listing and the other nodes' messages share this read.
            await reading.WaitAsync(CancellationToken.None);
            try
            {
                await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
                var documents = await DocumentsAsync(db, db.Listings.Where(l => l.Id == listingId && l.Status == ListingStatus.Published), CancellationToken.None);
                if (documents.Count == 0)
                {
                    index.Remove(listingId);
                }
                else
                {
                    index.Upsert(documents[0]);
                }
            }
            finally
            {
                reading.Release();
            }
        }
        catch (Exception e)
        {
            // The change is saved whatever the index holds; it shows in search with the listing's next change or the node's restart.
            LogNotRefreshed(logger, e, listingId);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog search index could not read listing {ListingId} again after a change; search shows its previous state")]
    private static partial void LogNotRefreshed(ILogger logger, Exception exception, Guid listingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog search index could not be read again after this node was cut off from the others; search may show listings as they were")]
    private static partial void LogNotResynced(ILogger logger, Exception exception);
}
