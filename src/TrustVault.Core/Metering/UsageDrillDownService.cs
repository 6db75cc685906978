using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Keys;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Metering;

/// <summary>
/// One group of a customer's calls: a day, a key, an endpoint (method and path as called) and a status class. A rotated key
/// keeps its name, so <see cref="KeyPrefix"/>, the public start of the key as the keys page shows it, tells keys apart.
/// </summary>
public sealed record UsageGroup(
    DateOnly Day, Guid ApiKeyId, string KeyName, string KeyPrefix, Guid? ListingId, string ListingName, string Method, string Route, string StatusClass,
    long Calls, long Bytes, int AverageLatencyMs);

/// <summary>One call that was answered 4xx or 5xx; <see cref="KeyPrefix"/> as in <see cref="UsageGroup"/>.</summary>
public sealed record FailedCall(DateTimeOffset At, string RequestId, string KeyName, string KeyPrefix, string ListingName, string Method, string Route, int Status);

/// <summary>
/// One call found by its request id. <see cref="Organization"/> is the calling organization's name; <see cref="KeyName"/>
/// is null when a provider looks the call up: the key names a customer's own systems.
/// </summary>
public sealed record CallDetails(
    string RequestId, DateTimeOffset At, string Organization, string? KeyName, Guid? ListingId, string ListingName, string Method, string Route,
    int Status, int LatencyMs, long Bytes, bool Billable);

/// <summary>
/// A customer's calls grouped by day, key, endpoint and status class, its failed calls one by one, and one call looked up by
/// its request id, by the customer that made it or the provider of the API it called. Groups are counted by the database.
/// </summary>
public sealed class UsageDrillDownService(IDbContextFactory<TrustVaultDbContext> contexts)
{
    /// <summary>Most endpoints offered as a filter: paths are stored as called, so an API with ids in its paths has many.</summary>
    public const int MaxEndpoints = 200;

    private const string NotFound = "No call with this request id was made by or to this organization.";

    private static readonly KeyLabel UnknownKey = new("?", "");

    /// <param name="page">From 0.</param>
    public async Task<ItemPage<UsageGroup>> GroupsAsync(
        string userId, Guid organizationId, UsageFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        filter.Validate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var groups = Calls(db, organizationId, filter)
            .GroupBy(e => new { e.Day, e.ApiKeyId, e.ListingId, e.Method, e.Route, StatusClass = e.Status / 100 })
            .Select(g => new
            {
                g.Key.Day,
                g.Key.ApiKeyId,
                g.Key.ListingId,
                g.Key.Method,
                g.Key.Route,
                g.Key.StatusClass,
                Calls = g.LongCount(),
                Bytes = g.Sum(e => e.Bytes),
                Latency = g.Average(e => (double)e.LatencyMs),
            });
        var total = await groups.CountAsync(cancellationToken);
        var rows = await groups
            .OrderByDescending(g => g.Day).ThenBy(g => g.Route).ThenBy(g => g.Method).ThenBy(g => g.StatusClass).ThenBy(g => g.ApiKeyId)
            .Page(page, pageSize)
            .ToListAsync(cancellationToken);
        var keys = await KeysAsync(db, organizationId, rows.Select(r => r.ApiKeyId), cancellationToken);
        var listings = await ListingNamesAsync(db, rows.Select(r => r.ListingId), cancellationToken);
        return new ItemPage<UsageGroup>(
            [.. rows.Select(r =>
            {
                var key = keys.GetValueOrDefault(r.ApiKeyId, UnknownKey);
                return new UsageGroup(
                    r.Day, r.ApiKeyId, key.Name, key.Prefix, r.ListingId, ListingName(listings, r.ListingId), r.Method, r.Route,
                    UsageFilter.FormatStatusClass(r.StatusClass), r.Calls, r.Bytes, (int)Math.Round(r.Latency));
            })],
            total);
    }

    /// <summary>The calls answered 4xx or 5xx, newest first.</summary>
    /// <param name="page">From 0.</param>
    public async Task<ItemPage<FailedCall>> FailedCallsAsync(
        string userId, Guid organizationId, UsageFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        filter.Validate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var failed = Calls(db, organizationId, filter).Where(e => e.Status >= 400);
        var total = await failed.CountAsync(cancellationToken);
        var rows = await failed.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Page(page, pageSize)
            .Select(e => new { e.At, e.RequestId, e.ApiKeyId, e.ListingId, e.Method, e.Route, e.Status })
            .ToListAsync(cancellationToken);
        var keys = await KeysAsync(db, organizationId, rows.Select(r => r.ApiKeyId), cancellationToken);
        var listings = await ListingNamesAsync(db, rows.Select(r => r.ListingId), cancellationToken);
        return new ItemPage<FailedCall>(
            [.. rows.Select(r =>
            {
                var key = keys.GetValueOrDefault(r.ApiKeyId, UnknownKey);
                return new FailedCall(r.At, r.RequestId, key.Name, key.Prefix, ListingName(listings, r.ListingId), r.Method, r.Route, r.Status);
            })],
            total);
    }

    /// <summary>The endpoints called in the filter's days, for choosing one: the filter's own endpoint and status class are not applied.</summary>
    public async Task<IReadOnlyList<string>> EndpointsAsync(string userId, Guid organizationId, UsageFilter filter, CancellationToken cancellationToken)
    {
        filter.Validate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        return await Calls(db, organizationId, filter with { Route = null, StatusClass = null })
            .Select(e => e.Route).Distinct().OrderBy(r => r).Take(MaxEndpoints)
            .ToListAsync(cancellationToken);
    }

    /// <summary>A call the organization made.</summary>
    /// <exception cref="NotFoundException">The same for an unknown id and another organization's call.</exception>
    public async Task<CallDetails> CustomerCallAsync(string userId, Guid organizationId, string requestId, CancellationToken cancellationToken)
    {
        requestId = UsageEvent.StoredRequestId(requestId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var call = await db.UsageEvents.AsNoTracking().ForOrganization(organizationId)
            .SingleOrDefaultAsync(e => e.RequestId == requestId, cancellationToken) ?? throw new NotFoundException(NotFound);
        var keys = await KeysAsync(db, organizationId, [call.ApiKeyId], cancellationToken);
        return await DetailsAsync(db, call, keys.GetValueOrDefault(call.ApiKeyId, UnknownKey).Name, cancellationToken);
    }

    /// <summary>A call made to one of the organization's listings, by any customer: that customer is named by its organization only.</summary>
    /// <exception cref="NotFoundException">The same for an unknown id and a call to another provider's listing.</exception>
    public async Task<CallDetails> ProviderCallAsync(string userId, Guid organizationId, string requestId, CancellationToken cancellationToken)
    {
        requestId = UsageEvent.StoredRequestId(requestId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var listings = db.Listings.ForOrganization(organizationId).Select(l => (Guid?)l.Id);
        // Calls of every customer, narrowed to the provider's own listings.
        var call = await db.UsageEvents.AsNoTracking().AcrossOrganizations()
            .SingleOrDefaultAsync(e => e.RequestId == requestId && listings.Contains(e.ListingId), cancellationToken) ?? throw new NotFoundException(NotFound);
        return await DetailsAsync(db, call, keyName: null, cancellationToken);
    }

    private static IQueryable<UsageEvent> Calls(TrustVaultDbContext db, Guid organizationId, UsageFilter filter)
    {
        var (start, end) = (filter.Start, filter.End);
        var calls = db.UsageEvents.AsNoTracking().ForOrganization(organizationId).Where(e => e.At >= start && e.At < end);
        if (filter.ApiKeyId is { } key)
        {
            calls = calls.Where(e => e.ApiKeyId == key);
        }

        if (filter.ListingId is { } listing)
        {
            calls = calls.Where(e => e.ListingId == listing);
        }

        if (!string.IsNullOrEmpty(filter.Route))
        {
            calls = calls.Where(e => e.Route == filter.Route);
        }

        if (filter.StatusClass is { } statusClass)
        {
            // A range rather than Status / 100, so the comparison stays plain.
            var (low, high) = (statusClass * 100, (statusClass + 1) * 100);
            calls = calls.Where(e => e.Status >= low && e.Status < high);
        }

        return calls;
    }

    private static async Task<CallDetails> DetailsAsync(TrustVaultDbContext db, UsageEvent call, string? keyName, CancellationToken cancellationToken)
    {
        var organization = await db.OrganizationNameAsync(call.OrganizationId, cancellationToken);
        var listings = await ListingNamesAsync(db, [call.ListingId], cancellationToken);
        return new CallDetails(
            call.RequestId, call.At, organization, keyName, call.ListingId, ListingName(listings, call.ListingId), call.Method, call.Route,
            call.Status, call.LatencyMs, call.Bytes, call.IsBillable);
    }

    private static async Task<Dictionary<Guid, KeyLabel>> KeysAsync(
        TrustVaultDbContext db, Guid organizationId, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        var keys = await db.ApiKeys.AsNoTracking().ForOrganization(organizationId).Where(k => list.Contains(k.Id))
            .Select(k => new { k.Id, k.Name, k.IsTest, k.KeyId })
            .ToListAsync(cancellationToken);
        return keys.ToDictionary(k => k.Id, k => new KeyLabel(k.Name, ApiKeyFormat.Prefix(k.IsTest, k.KeyId)));
    }

    private sealed record KeyLabel(string Name, string Prefix);

    private static async Task<Dictionary<Guid, string>> ListingNamesAsync(TrustVaultDbContext db, IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        var list = ids.OfType<Guid>().Distinct().ToList();
        // Names of the APIs called: the catalog's, public.
        return await db.Listings.AsNoTracking().AcrossOrganizations().Where(l => list.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
    }

    /// <summary>A call without a listing reached no API (an unknown slug): shown as a dash.</summary>
    internal static string ListingName(Dictionary<Guid, string> names, Guid? id) =>
        id is { } listing ? names.GetValueOrDefault(listing, "?") : "–";
}
