using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Subscriptions;

public sealed record SubscriptionView(
    Guid Id, Guid ListingId, string ListingName, string ListingSlug, Guid PlanId, string PlanName, decimal MonthlyPrice, string Currency,
    long IncludedCallsPerMonth, bool HardCap, SubscriptionStatus Status, BillingPeriod Period, DateTimeOffset? TrialEndsAt,
    DateTimeOffset? CancelsAt, string? PendingPlanName);

/// <summary>
/// Subscribing, changing plan and canceling, for one organization. Payment is the billing work's:
/// until then the local ledger activates a subscription at once (a trial starts trialing).
/// </summary>
public sealed class SubscriptionService(IDbContextFactory<TrustVaultDbContext> contexts, CatalogIndexer indexer, TimeProvider clock)
{
    private static readonly OrganizationRole[] Buyers = [OrganizationRole.Owner, OrganizationRole.Billing];

    public async Task<Guid> SubscribeAsync(string userId, Guid organizationId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var plan = await OfferedPlanAsync(db, planId, cancellationToken);
        RequireBuyerForPaidPlan(role, plan);
        var now = clock.GetUtcNow();
        var existing = await db.Subscriptions.Where(s => s.OrganizationId == organizationId && s.ListingId == plan.ListingId && s.EndedAt == null)
            .ToListAsync(cancellationToken);
        if (existing.Any(s => s.IsLiveAt(now)))
        {
            throw new InvalidInputException("Plan", "Your organization already subscribes to this API: change its plan instead.");
        }

        var subscription = new Subscription
        {
            OrganizationId = organizationId,
            ListingId = plan.ListingId,
            PlanId = plan.Id,
            StartedAt = now,
            Status = plan.TrialDays > 0 ? SubscriptionStatus.Trialing : SubscriptionStatus.Active,
            TrialEndsAt = plan.TrialDays > 0 ? now.AddDays(plan.TrialDays) : null,
        };
        db.Subscriptions.Add(subscription);
        db.Record(clock, userId, organizationId, "subscription.created", nameof(Subscription), subscription.Id, plan.Name);
        await db.SaveChangesAsync(cancellationToken);

        // Subscribers count towards the listing's popularity in the catalog.
        await indexer.RefreshAsync(plan.ListingId, cancellationToken);
        return subscription.Id;
    }

    public async Task<IReadOnlyList<SubscriptionView>> ListAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await db.Subscriptions
            .Where(s => s.OrganizationId == organizationId && s.EndedAt == null)
            .Select(s => new
            {
                Subscription = s,
                ListingName = s.Listing!.Name,
                ListingSlug = s.Listing.Slug,
                s.Plan!.Name,
                s.Plan.MonthlyPrice,
                s.Plan.Currency,
                s.Plan.IncludedCallsPerMonth,
                s.Plan.OveragePricePer1000,
                PendingPlanName = db.Plans.Where(p => p.Id == s.PendingPlanId).Select(p => p.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => r.Subscription.IsLiveAt(now))
            .Select(r => new SubscriptionView(
                r.Subscription.Id, r.Subscription.ListingId, r.ListingName, r.ListingSlug, r.Subscription.PlanId, r.Name, r.MonthlyPrice, r.Currency,
                r.IncludedCallsPerMonth, r.OveragePricePer1000 is null, r.Subscription.Status, r.Subscription.PeriodAt(now), r.Subscription.TrialEndsAt,
                r.Subscription.CancelsAt, r.PendingPlanName))
            .OrderBy(v => v.ListingName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Cancels at the end of the current period: calls keep working until then.</summary>
    public async Task CancelAsync(string userId, Guid organizationId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Buyers);
        var subscription = await OwnAsync(db, organizationId, subscriptionId, cancellationToken);
        var now = clock.GetUtcNow();
        subscription.CancelsAt ??= subscription.PeriodAt(now).End;
        db.Record(clock, userId, organizationId, "subscription.canceled", nameof(Subscription), subscription.Id, $"ends {subscription.CancelsAt:O}");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>An upgrade (same or higher price) applies now; a downgrade at the end of the current period.</summary>
    public async Task<bool> ChangePlanAsync(string userId, Guid organizationId, Guid subscriptionId, Guid newPlanId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var subscription = await OwnAsync(db, organizationId, subscriptionId, cancellationToken);
        var plan = await OfferedPlanAsync(db, newPlanId, cancellationToken);
        RequireBuyerForPaidPlan(role, plan);
        if (plan.ListingId != subscription.ListingId || plan.Id == subscription.PlanId)
        {
            throw new InvalidInputException("Plan", "Choose another plan of the same API.");
        }

        var current = await db.Plans.SingleAsync(p => p.Id == subscription.PlanId, cancellationToken);
        var now = clock.GetUtcNow();
        var immediate = plan.MonthlyPrice >= current.MonthlyPrice;
        if (immediate)
        {
            subscription.PlanId = plan.Id;
            subscription.PendingPlanId = null;
            subscription.PendingPlanAt = null;
        }
        else
        {
            subscription.PendingPlanId = plan.Id;
            subscription.PendingPlanAt = subscription.PeriodAt(now).End;
        }

        db.Record(clock, userId, organizationId, immediate ? "subscription.upgraded" : "subscription.downgrade-scheduled", nameof(Subscription), subscription.Id, plan.Name);
        await db.SaveChangesAsync(cancellationToken);
        return immediate;
    }

    private static async Task<Subscription> OwnAsync(TrustVaultDbContext db, Guid organizationId, Guid subscriptionId, CancellationToken cancellationToken) =>
        await db.Subscriptions.SingleOrDefaultAsync(s => s.Id == subscriptionId && s.OrganizationId == organizationId, cancellationToken)
        ?? throw new NotFoundException("The subscription does not exist.");

    private static async Task<Plan> OfferedPlanAsync(TrustVaultDbContext db, Guid planId, CancellationToken cancellationToken) =>
        await db.Plans.SingleOrDefaultAsync(
            p => p.Id == planId && p.IsVisible && p.RetiredAt == null && p.Listing!.Status == ListingStatus.Published, cancellationToken)
        ?? throw new NotFoundException("This plan is not open to new subscribers.");

    private static void RequireBuyerForPaidPlan(OrganizationRole role, Plan plan)
    {
        if (plan.MonthlyPrice > 0 && !Buyers.Contains(role))
        {
            throw new ForbiddenException("Only an Owner or a Billing member may subscribe to a paid plan.");
        }
    }
}
