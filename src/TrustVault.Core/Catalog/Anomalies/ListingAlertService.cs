using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Catalog.Anomalies;

public sealed record ListingAlertView(
    Guid Id, Guid ListingId, string ListingName, ListingMetric Metric, DateTimeOffset IntervalStart, double Value, double Expected,
    double Score, double Threshold, DateTimeOffset CreatedAt, DateTimeOffset? AcknowledgedAt);

/// <summary>A listing's recent traffic points, oldest first, and the alerts among them.</summary>
public sealed record ListingTraffic(IReadOnlyList<ListingTrafficPoint> Points, IReadOnlyList<ListingAlertView> Alerts);

/// <summary>A provider's view of its listings' anomaly alerts: the list, acknowledging one, and the points they were flagged in.</summary>
public sealed class ListingAlertService(IDbContextFactory<TrustVaultDbContext> contexts, TimeProvider clock)
{
    /// <summary>How much of a listing's traffic the portal charts: a day of intervals.</summary>
    public static TimeSpan Charted { get; } = TimeSpan.FromDays(1);

    private static readonly OrganizationRole[] Acknowledgers = [OrganizationRole.Owner, OrganizationRole.Developer];

    /// <summary>Whether a member of this role acknowledges the organization's alerts.</summary>
    public static bool MayAcknowledge(OrganizationRole role) => Acknowledgers.Contains(role);

    /// <summary>The organization's alerts, unacknowledged first, then newest interval first.</summary>
    public async Task<ItemPage<ListingAlertView>> ListAsync(string userId, Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var alerts = db.ListingAlerts.AsNoTracking().ForOrganization(organizationId);
        var total = await alerts.CountAsync(cancellationToken);
        var ordered = alerts.OrderBy(a => a.AcknowledgedAt != null).ThenByDescending(a => a.IntervalStart).ThenBy(a => a.Metric).Page(page, pageSize);
        var items = await Views(db, ordered).ToListAsync(cancellationToken);
        return new ItemPage<ListingAlertView>(items, total);
    }

    /// <summary>Marks the alert seen; acknowledging it again changes nothing. Owners and developers may.</summary>
    public async Task AcknowledgeAsync(string userId, Guid organizationId, Guid alertId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Acknowledgers);
        var alert = await db.ListingAlerts.ForOrganization(organizationId).SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken)
            ?? throw new NotFoundException("The alert does not exist.");
        if (alert.AcknowledgedAt is null)
        {
            (alert.AcknowledgedAt, alert.AcknowledgedByUserId) = (clock.GetUtcNow(), userId);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The last day of one of the organization's listings' traffic, with the alerts flagged in it.</summary>
    public async Task<ListingTraffic> TrafficAsync(string userId, Guid organizationId, Guid listingId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        if (!await db.Listings.ForOrganization(organizationId).AnyAsync(l => l.Id == listingId, cancellationToken))
        {
            throw new NotFoundException("The listing does not exist.");
        }

        var since = clock.GetUtcNow() - Charted;
        var points = await db.ListingTrafficPoints.AsNoTracking().Where(p => p.ListingId == listingId && p.Start >= since)
            .OrderBy(p => p.Start).ToListAsync(cancellationToken);
        var alerts = await Views(db, db.ListingAlerts.AsNoTracking().ForOrganization(organizationId).Where(a => a.ListingId == listingId && a.IntervalStart >= since))
            .ToListAsync(cancellationToken);
        return new ListingTraffic(points, alerts);
    }

    private static IQueryable<ListingAlertView> Views(TrustVaultDbContext db, IQueryable<ListingAlert> alerts) =>
        alerts.Join(db.Listings.AcrossOrganizations(), a => a.ListingId, l => l.Id, (a, l) => new ListingAlertView(
            a.Id, a.ListingId, l.Name, a.Metric, a.IntervalStart, a.Value, a.Expected, a.Score, a.Threshold, a.CreatedAt, a.AcknowledgedAt));
}
