using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Email;
using TrustVault.Core.Organizations;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Metering;

/// <summary>Tells an organization's owners and billing members when a subscription reaches 85% and 100% of its monthly quota, once each per quota and period.</summary>
public sealed class QuotaAlertService(IDbContextFactory<TrustVaultDbContext> contexts, NotificationLinks links, TimeProvider clock)
{
    public static IReadOnlyList<int> Thresholds { get; } = [85, 100];

    /// <summary>The thresholds <paramref name="used"/> calls have reached out of <paramref name="included"/>.</summary>
    public static IEnumerable<int> Reached(long used, long included) =>
        included <= 0 ? [] : Thresholds.Where(percent => used * 100 >= included * percent);

    /// <summary>
    /// Sends the alert (e-mail and <see cref="WebhookEventTypes.QuotaThresholdReached"/> webhook) unless it was sent for
    /// this period and quota (<paramref name="includedCalls"/>, the figure the call that reached it ran on); false when it
    /// had been. The webhook event and the mail commit with the row that makes the alert once-only.
    /// </summary>
    public async Task<bool> NotifyAsync(Guid subscriptionId, DateTimeOffset periodStart, long includedCalls, int thresholdPercent, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subscription = await db.Subscriptions.AsNoTracking().Where(s => s.Id == subscriptionId)
            .Select(s => new
            {
                s.OrganizationId,
                s.ListingId,
                Listing = s.Listing!.Name,
                s.Listing.Slug,
                s.PlanId,
                s.Plan!.Name,
                s.Plan.OveragePricePer1000,
            })
            .SingleAsync(cancellationToken);
        // Each node that sees a call cross the threshold sends the alert: the first to take the organization's lock sends
        // it, and the others find it sent. Left to the table's key, the losers' inserts failed, which EF Core logs as errors.
        await using var transaction = await db.BeginOrganizationTransactionAsync(subscription.OrganizationId, cancellationToken);
        if (await db.QuotaAlerts.AnyAsync(
            a => a.SubscriptionId == subscriptionId && a.PeriodStart == periodStart && a.IncludedCalls == includedCalls && a.ThresholdPercent == thresholdPercent,
            cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        db.QuotaAlerts.Add(new QuotaAlert { SubscriptionId = subscriptionId, PeriodStart = periodStart, IncludedCalls = includedCalls, ThresholdPercent = thresholdPercent, SentAt = now });
        await db.PublishWebhookAsync(now, subscription.OrganizationId, WebhookEventTypes.QuotaThresholdReached, new
        {
            SubscriptionId = subscriptionId,
            subscription.ListingId,
            ListingName = subscription.Listing,
            ListingSlug = subscription.Slug,
            subscription.PlanId,
            PlanName = subscription.Name,
            ThresholdPercent = thresholdPercent,
            IncludedCalls = includedCalls,
            HardCap = subscription.OveragePricePer1000 is null,
            PeriodStart = periodStart,
        }, cancellationToken);
        var next = thresholdPercent >= 100
            ? subscription.OveragePricePer1000 is null
                ? "Further calls are refused until the quota resets on the 1st; upgrade the plan in the console to keep calling."
                : "Further calls are billed as overage on your next invoice."
            : "Consider upgrading the plan before calls are refused or billed as overage.";
        var organization = await db.OrganizationNameAsync(subscription.OrganizationId, cancellationToken);
        foreach (var to in await db.MemberAddressesAsync(subscription.OrganizationId, [OrganizationRole.Owner, OrganizationRole.Billing], cancellationToken))
        {
            db.QueueEmail(
                EmailTemplates.QuotaReached(to, organization, subscription.Listing, subscription.Name, thresholdPercent, includedCalls, next, links.Usage(subscription.OrganizationId)), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
