using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TrustVault.Core.Billing;
using TrustVault.Core.Caching;
using TrustVault.Core.Catalog;
using TrustVault.Core.Data;
using TrustVault.Core.Keys;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Gateway;

public enum AccessRefusal
{
    /// <summary>No key, or not one of ours: 401.</summary>
    NoKey,

    /// <summary>Unknown, revoked or expired key: 401.</summary>
    InvalidKey,

    /// <summary>No published listing at that address, current or former: 404.</summary>
    UnknownListing,

    /// <summary>The listing at that address is suspended by TrustVault: 403, so its subscribers learn why.</summary>
    SuspendedListing,

    /// <summary>The key's organization has no live subscription to the listing: 403.</summary>
    NoSubscription,

    /// <summary>The subscription is past due beyond the grace period: 402.</summary>
    PaymentRequired,
}

public sealed record GatewayListing(Guid Id, string Slug, bool IsFirstParty, string? UpstreamBaseUrl, string SigningSecret);

/// <summary>The subscription a call runs on, with the terms of the plan in force.</summary>
public sealed record GatewaySubscription(Guid Id, BillingPeriod Period, long IncludedCalls, bool HardCap, int RatePerSecond, int RatePerMinute);

/// <summary>Who is calling which listing on which subscription; or why not.</summary>
public sealed record GatewayAccess(StoredKey? Key, GatewayListing? Listing, GatewaySubscription? Subscription, AccessRefusal? Refusal)
{
    public bool Granted => Refusal is null;
}

/// <summary>
/// The gateway's first step: key → organization → published listing → live subscription and plan.
/// Listing, subscription and plan are cached for a second per organization and listing, like keys; a change to an
/// organization's subscriptions drops its entries on every node at once, a change to a plan or listing every entry
/// (<see cref="GatewayAccessInterceptor"/>).
/// </summary>
public sealed class GatewayAccessResolver
{
    /// <summary>The name of the cache in <see cref="ICacheInvalidations"/>; its entries are named by organization id ("N").</summary>
    internal const string CacheName = "access";

    /// <summary>The entry name that drops every organization's entries.</summary>
    internal const string EveryOrganization = "*";

    private readonly IDbContextFactory<TrustVaultDbContext> contexts;
    private readonly ApiKeyCache keys;
    private readonly IOptions<BillingOptions> billing;
    private readonly TimeProvider clock;
    private readonly RefreshingCache<(Guid Organization, string Slug), Lookup> lookups;

    public GatewayAccessResolver(
        IDbContextFactory<TrustVaultDbContext> contexts, ApiKeyCache keys, IOptions<BillingOptions> billing, ICacheInvalidations invalidations, TimeProvider clock)
    {
        this.contexts = contexts;
        this.keys = keys;
        this.billing = billing;
        this.clock = clock;
        lookups = new RefreshingCache<(Guid Organization, string Slug), Lookup>(ReadAsync, clock, ApiKeyCache.Lifetime, 100_000, keepMissing: true);
        invalidations.Register(
            CacheName,
            organization => lookups.InvalidateWhere(k => organization == EveryOrganization || k.Organization.ToString("N") == organization),
            () => lookups.InvalidateWhere(_ => true));
    }

    private sealed record Lookup(GatewayListing? Listing, Subscription? Subscription, Plan? Plan, bool Suspended = false);

    /// <remarks>A ValueTask: the caches answer nearly every call at once, and a Task would be one more object per call.</remarks>
    public async ValueTask<GatewayAccess> ResolveAsync(string? presentedKey, string slug, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presentedKey, out var isTest, out var keyId, out var secret))
        {
            return new GatewayAccess(null, null, null, AccessRefusal.NoKey);
        }

        var now = clock.GetUtcNow();
        var key = await keys.FindAsync(keyId, cancellationToken);
        if (key is null || key.IsTest != isTest || !ApiKeyFormat.Matches(key.SecretHash, secret.Span) || !key.IsUsable(now))
        {
            return new GatewayAccess(null, null, null, AccessRefusal.InvalidKey);
        }

        var lookup = (await lookups.GetAsync((key.OrganizationId, slug), cancellationToken))!;
        if (lookup.Listing is null)
        {
            return new GatewayAccess(key, null, null, lookup.Suspended ? AccessRefusal.SuspendedListing : AccessRefusal.UnknownListing);
        }

        if (lookup.Subscription is not { } subscription || lookup.Plan is not { } plan)
        {
            return new GatewayAccess(key, lookup.Listing, null, AccessRefusal.NoSubscription);
        }

        var terms = new GatewaySubscription(
            subscription.Id, BillingPeriod.MonthOf(now), plan.IncludedCallsPerMonth, plan.HasHardCap, plan.RateLimitPerSecond, plan.RateLimitPerMinute);
        var unpaid = subscription.PastDueSince + TimeSpan.FromDays(billing.Value.PastDueGraceDays) <= now;
        return new GatewayAccess(key, lookup.Listing, terms, unpaid ? AccessRefusal.PaymentRequired : null);
    }

    private async Task<IReadOnlyDictionary<(Guid Organization, string Slug), Lookup>> ReadAsync(
        IReadOnlyList<(Guid Organization, string Slug)> keys, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var slugs = keys.Select(k => k.Slug).Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = await db.Listings.AsNoTracking()
            .Where(l => slugs.Contains(l.Slug) && l.Status == ListingStatus.Published)
            .Select(l => new GatewayListing(l.Id, l.Slug, l.IsFirstParty, l.UpstreamBaseUrl, l.SigningSecret))
            .ToDictionaryAsync(l => l.Slug, cancellationToken);
        var formerSlugs = slugs.Where(s => !listings.ContainsKey(s)).ToList();
        if (formerSlugs.Count > 0)
        {
            // A renamed listing still answers at its former slugs, so customers' keys and code keep working.
            var renamed = await db.ListingSlugAliases.AsNoTracking()
                .Where(a => formerSlugs.Contains(a.Slug))
                .Join(db.Listings.Where(l => l.Status == ListingStatus.Published), a => a.ListingId, l => l.Id,
                    (a, l) => new { Alias = a.Slug, Listing = new GatewayListing(l.Id, l.Slug, l.IsFirstParty, l.UpstreamBaseUrl, l.SigningSecret) })
                .ToListAsync(cancellationToken);
            foreach (var alias in renamed)
            {
                listings[alias.Alias] = alias.Listing;
            }
        }

        // Read only for addresses no published listing answers, and cached with them like any other lookup.
        var unpublished = slugs.Where(s => !listings.ContainsKey(s)).ToList();
        var suspended = unpublished.Count == 0
            ? []
            : await db.Listings.AsNoTracking()
                .Where(l => unpublished.Contains(l.Slug) && l.Status == ListingStatus.Suspended)
                .Select(l => l.Slug)
                .ToHashSetAsync(StringComparer.Ordinal, cancellationToken);

        var organizations = keys.Select(k => k.Organization).Distinct().ToList();
        var listingIds = listings.Values.Select(l => l.Id).ToList();
        var subscriptions = (await db.Subscriptions.AsNoTracking()
                .Where(s => organizations.Contains(s.OrganizationId) && listingIds.Contains(s.ListingId) && s.EndedAt == null)
                .ToListAsync(cancellationToken))
            .Where(s => s.IsLiveAt(now))
            .GroupBy(s => (s.OrganizationId, s.ListingId))
            .ToDictionary(g => g.Key, g => g.First());
        var planIds = subscriptions.Values.Select(s => s.PlanIdAt(now)).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);

        var lookups = new Dictionary<(Guid Organization, string Slug), Lookup>();
        foreach (var key in keys)
        {
            if (!listings.TryGetValue(key.Slug, out var listing))
            {
                lookups[key] = new Lookup(null, null, null, suspended.Contains(key.Slug));
                continue;
            }

            var subscription = subscriptions.GetValueOrDefault((key.Organization, listing.Id));
            lookups[key] = new Lookup(listing, subscription, subscription is null ? null : plans[subscription.PlanIdAt(now)]);
        }

        return lookups;
    }
}
