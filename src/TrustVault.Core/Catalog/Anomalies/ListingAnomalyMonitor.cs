using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Metering;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Catalog.Anomalies;

/// <summary>
/// Watches every published listing's error rates and p95 latency: turns the calls of each interval closed since the last
/// run into a <see cref="ListingTrafficPoint"/>, judges the new points with <see cref="ListingAnomalyDetector"/>, and
/// records a <see cref="ListingAlert"/> for each flagged one, telling the provider by webhook and mail.
/// </summary>
public sealed class ListingAnomalyMonitor(IDbContextFactory<TrustVaultDbContext> contexts, NotificationLinks links, TimeProvider clock)
{
    /// <summary>
    /// How long after an interval closes it is read: a call's event is written when its answer is complete, stamped with
    /// when the call came in, so a slow call lands in the database a little after its interval ended.
    /// </summary>
    public static TimeSpan Settle { get; } = TimeSpan.FromMinutes(2);

    /// <summary>How far back a listing's first run builds its series: a day, more than the ~150 points the scorer needs before it scores.</summary>
    public static TimeSpan Backfill { get; } = TimeSpan.FromDays(1);

    /// <summary>One day more than the history a point is scored against.</summary>
    public static TimeSpan Retention { get; } = (TrafficSeries.Interval * ListingAnomalyDetector.History) + TimeSpan.FromDays(1);

    /// <summary>Judges the intervals closed since the last run of every published listing; returns the alerts recorded.</summary>
    public async Task<IReadOnlyList<ListingAlert>> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = TrafficSeries.Floor(now - Settle);
        List<Guid> listings;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            listings = await db.Listings.AcrossOrganizations().AsNoTracking()
                .Where(l => l.Status == ListingStatus.Published).Select(l => l.Id).ToListAsync(cancellationToken);
        }

        var alerts = new List<ListingAlert>();
        foreach (var listingId in listings)
        {
            alerts.AddRange(await JudgeAsync(listingId, until, cancellationToken));
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var before = now - Retention;
            await db.ListingTrafficPoints.Where(p => p.Start < before).ExecuteDeleteAsync(cancellationToken);
        }

        return alerts;
    }

    private async Task<IReadOnlyList<ListingAlert>> JudgeAsync(Guid listingId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.ListingTrafficPoints.Where(p => p.ListingId == listingId)
            .OrderByDescending(p => p.Start).Select(p => (DateTimeOffset?)p.Start).FirstOrDefaultAsync(cancellationToken);
        var earliest = TrafficSeries.Floor(until - Backfill);
        var from = last is { } start && start + TrafficSeries.Interval > earliest ? start + TrafficSeries.Interval : earliest;
        if (from >= until)
        {
            return [];
        }

        // One grouped read per interval: its calls counted by latency, so the run's work grows with the distinct latencies
        // rather than with the traffic. The gateway's own refusals (no subscription, over the rate or quota) say nothing
        // about the upstream.
        var points = new List<ListingTrafficPoint>();
        for (var interval = from; interval < until; interval += TrafficSeries.Interval)
        {
            var end = interval + TrafficSeries.Interval;
            var counts = await db.UsageEvents.AcrossOrganizations().AsNoTracking()
                .Where(e => e.ListingId == listingId && e.At >= interval && e.At < end && !e.IsUnknownEndpoint)
                .Where(UsageEvent.NotRefusedByGateway)
                .GroupBy(e => e.LatencyMs)
                .Select(g => new LatencyCount(g.Key, g.Count(), g.Count(e => e.Status >= 500), g.Count(e => e.Status >= 400 && e.Status < 500)))
                .ToListAsync(cancellationToken);
            points.Add(TrafficSeries.Point(listingId, interval, counts));
        }

        var history = await db.ListingTrafficPoints.AsNoTracking()
            .Where(p => p.ListingId == listingId && p.Start < from && p.Calls >= TrafficSeries.MinimumCalls)
            .OrderByDescending(p => p.Start).Take(ListingAnomalyDetector.History).ToListAsync(cancellationToken);
        history.Reverse();

        var now = clock.GetUtcNow();
        var listing = await db.Listings.AcrossOrganizations().AsNoTracking().Where(l => l.Id == listingId)
            .Select(l => new AlertedListing(l.OrganizationId, l.Organization!.Name, l.Name, l.Slug)).SingleAsync(cancellationToken);
        var alerts = ListingAnomalyDetector.Judge(history, points).Select(flag => new ListingAlert
        {
            OrganizationId = listing.OrganizationId,
            ListingId = listingId,
            Metric = flag.Metric,
            IntervalStart = flag.Point.Start,
            Value = flag.Value,
            Expected = flag.Expected,
            Score = flag.Score,
            Threshold = ListingAnomalyDetector.Threshold,
            CreatedAt = now,
        }).ToList();
        db.ListingTrafficPoints.AddRange(points);
        db.ListingAlerts.AddRange(alerts);
        IReadOnlyList<string> recipients = alerts.Count == 0 ? [] : await db.MemberAddressesAsync(listing.OrganizationId, [OrganizationRole.Owner, OrganizationRole.Developer], cancellationToken);
        foreach (var alert in alerts)
        {
            await TellProviderAsync(db, alert, listing, recipients, cancellationToken);
        }

        // The points, the alerts, their webhook events and mail commit together, under the provider's lock: of two nodes
        // judging the same intervals, the second finds the first's points and tells nobody, and a retried run finds the
        // points stored and judges nothing twice. Left to the points' keys, the loser's insert failed, which EF Core logs
        // as an error.
        await using var transaction = await db.BeginOrganizationTransactionAsync(listing.OrganizationId, cancellationToken);
        if (await db.ListingTrafficPoints.AnyAsync(p => p.ListingId == listingId && p.Start >= from && p.Start < until, cancellationToken))
        {
            return [];
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return alerts;
    }

    private async Task TellProviderAsync(
        TrustVaultDbContext db, ListingAlert alert, AlertedListing listing, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        await db.PublishWebhookAsync(alert.CreatedAt, listing.OrganizationId, WebhookEventTypes.ListingAnomaly, new
        {
            AlertId = alert.Id,
            alert.ListingId,
            ListingName = listing.Name,
            ListingSlug = listing.Slug,
            Metric = alert.Metric.WebhookValue(),
            alert.IntervalStart,
            IntervalEnd = alert.IntervalStart + TrafficSeries.Interval,
            alert.Value,
            alert.Expected,
            alert.Score,
            alert.Threshold,
        }, cancellationToken);
        foreach (var to in recipients)
        {
            db.QueueEmail(
                EmailTemplates.ListingAnomaly(
                    to, listing.Organization, listing.Name, alert.Metric.Label(), alert.Metric.Format(alert.Value), alert.Metric.Format(alert.Expected), alert.IntervalStart, links.PortalAlerts(listing.OrganizationId)),
                alert.CreatedAt);
        }
    }

    private sealed record AlertedListing(Guid OrganizationId, string Organization, string Name, string Slug);
}
