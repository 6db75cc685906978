using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Data;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Subscriptions;

/// <summary>The subscription.* webhook events, with the same payload wherever the change comes from.</summary>
internal static class SubscriptionWebhooks
{
    public static async Task PublishAsync(TrustVaultDbContext db, DateTimeOffset at, Subscription subscription, string type, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == subscription.PlanId)
            .Select(p => new { p.Name, p.MonthlyPrice, p.Currency, Listing = p.Listing!.Name, p.Listing.Slug })
            .SingleAsync(cancellationToken);
        var pendingPlan = subscription.PendingPlanId is { } pendingId
            ? await db.Plans.Where(p => p.Id == pendingId).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken)
            : null;
        await db.PublishWebhookAsync(at, subscription.OrganizationId, type, new
        {
            SubscriptionId = subscription.Id,
            subscription.ListingId,
            ListingName = plan.Listing,
            ListingSlug = plan.Slug,
            subscription.PlanId,
            PlanName = plan.Name,
            plan.MonthlyPrice,
            plan.Currency,
            Status = subscription.Status.WebhookValue(),
            subscription.StartedAt,
            subscription.TrialEndsAt,
            PendingPlanName = pendingPlan,
            subscription.PendingPlanAt,
            subscription.CancelsAt,
            subscription.EndedAt,
        }, cancellationToken);
    }
}
