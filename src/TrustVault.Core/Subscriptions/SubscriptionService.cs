using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;
using TrustVault.Core.Catalog.Search;
using TrustVault.Core.Data;
using TrustVault.Core.Errors;
using TrustVault.Core.Organizations;
using TrustVault.Core.Payments;
using TrustVault.Core.Webhooks;

namespace TrustVault.Core.Subscriptions;

/// <summary>A live subscription as its organization sees it now: a trial that ended reads Active, with no trial end.</summary>
/// <param name="PendingPlanAt">When the scheduled downgrade to <paramref name="PendingPlanName"/> applies: the end of the trial or period it was asked in.</param>
public sealed record SubscriptionView(
    Guid Id, Guid ListingId, string ListingName, string ListingSlug, Guid PlanId, string PlanName, decimal MonthlyPrice, string Currency,
    long IncludedCallsPerMonth, bool HardCap, SubscriptionStatus Status, BillingPeriod Period, DateTimeOffset? TrialEndsAt,
    DateTimeOffset? CancelsAt, string? PendingPlanName, DateTimeOffset? PendingPlanAt, DateTimeOffset CancellationEndsAt);

/// <summary>A new subscription; with a <see cref="CheckoutUrl"/> it waits for the buyer to finish the payment provider's checkout there.</summary>
public sealed record SubscribeResult(Guid SubscriptionId, string? CheckoutUrl);

/// <summary>
/// Subscribing, changing plan and canceling, for one organization. A paid plan needs a payment method:
/// one on file, or the payment provider's checkout, which activates the subscription when it completes.
/// </summary>
public sealed class SubscriptionService(
    IDbContextFactory<TrustVaultDbContext> contexts, CatalogIndexer indexer, IPaymentProvider payments, TimeProvider clock)
{
    internal const string OtherPlanOfSameApi = "Choose another plan of the same API.";

    /// <summary>The roles that decide what the organization buys and pays with: plans, cancellations and the card.</summary>
    internal static readonly OrganizationRole[] Buyers = [OrganizationRole.Owner, OrganizationRole.Billing];

    /// <summary>Whether a member of this role may take a paid plan, move off one, or cancel: the others keep to free plans.</summary>
    public static bool MayBuy(OrganizationRole role) => Buyers.Contains(role);

    /// <summary>
    /// Whether a member of this role may move onto <paramref name="plan"/> from a plan that charges or not (no plan when
    /// subscribing): a buyer any plan, the others from a free plan to a free plan only.
    /// </summary>
    public static bool MayTake(OrganizationRole role, Plan plan, bool fromPaidPlan) => MayBuy(role) || (!plan.Charges && !fromPaidPlan);

    public async Task<SubscribeResult> SubscribeAsync(string userId, Guid organizationId, Guid planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var plan = await OfferedPlanAsync(db, planId, cancellationToken);
        RequireMayTake(role, plan, fromPaidPlan: false);
        var now = clock.GetUtcNow();
        await RefuseSecondSubscriptionAsync(db, organizationId, plan.ListingId, now, cancellationToken);
        var subscription = Subscription.Start(organizationId, plan, now, trialUsed: await HadTrialAsync(db, organizationId, plan.ListingId, cancellationToken));
        // Before the lock: the payment provider's answer may take a while, and the lock would hold up every subscribe
        // of the organization (every write, on SQLite) meanwhile. A checkout started for a refused subscription expires unused.
        var checkout = await RequirePaymentMethodAsync(organizationId, subscription.Id, plan, cancellationToken);
        if (checkout is not null)
        {
            subscription.Status = SubscriptionStatus.Incomplete;
        }

        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        await RefuseSecondSubscriptionAsync(db, organizationId, plan.ListingId, now, cancellationToken);
        db.Subscriptions.Add(subscription);
        db.Record(clock, userId, organizationId, "subscription.created", nameof(Subscription), subscription.Id, plan.Name);
        await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionCreated, cancellationToken);
        await PublishNewSubscriberAsync(db, now, subscription, plan, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Subscribers count towards the listing's popularity in the catalog.
        await indexer.RefreshAsync(plan.ListingId, cancellationToken);
        return new SubscribeResult(subscription.Id, checkout);
    }

    /// <summary>Every live subscription of the organization, by API name: the console's lists.</summary>
    public async Task<IReadOnlyList<SubscriptionView>> ListAsync(string userId, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var views = await ViewsAsync(db, await Rows(Live(db, organizationId, now)).ToListAsync(cancellationToken), now, cancellationToken);
        return [.. views.OrderBy(v => v.ListingName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>One page of the organization's live subscriptions, newest first (by start).</summary>
    /// <param name="page">From 0.</param>
    public async Task<ItemPage<SubscriptionView>> ListPageAsync(string userId, Guid organizationId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        var live = Live(db, organizationId, now);
        var rows = await Rows(live.OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id).Page(page, Math.Clamp(pageSize, 1, 100)))
            .ToListAsync(cancellationToken);
        return new ItemPage<SubscriptionView>(await ViewsAsync(db, rows, now, cancellationToken), await live.CountAsync(cancellationToken));
    }

    private sealed record Row(Subscription Subscription, string ListingName, string ListingSlug);

    private static IQueryable<Subscription> Live(TrustVaultDbContext db, Guid organizationId, DateTimeOffset now) =>
        db.Subscriptions.AsNoTracking().ForOrganization(organizationId).Where(s => s.EndedAt == null).Where(Subscription.LiveAt(now));

    private static IQueryable<Row> Rows(IQueryable<Subscription> subscriptions) =>
        subscriptions.Select(s => new Row(s, s.Listing!.Name, s.Listing.Slug));

    /// <summary>The views of <paramref name="rows"/>, in their order, with their plans as they stand at <paramref name="now"/>.</summary>
    private static async Task<IReadOnlyList<SubscriptionView>> ViewsAsync(TrustVaultDbContext db, List<Row> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            row.Subscription.SettlePlanAt(now);
        }

        var planIds = rows.SelectMany(r => new[] { r.Subscription.PlanId, r.Subscription.PendingPlanId ?? r.Subscription.PlanId }).Distinct().ToList();
        var plans = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return rows
            .Select(r =>
            {
                var (s, plan) = (r.Subscription, plans[r.Subscription.PlanId]);
                return new SubscriptionView(
                    s.Id, s.ListingId, r.ListingName, r.ListingSlug, plan.Id, plan.Name, plan.MonthlyPrice, plan.Currency,
                    plan.IncludedCallsPerMonth, plan.OveragePricePer1000 is null, s.StatusAt(now), BillingPeriod.MonthOf(now), s.TrialEndsAt > now ? s.TrialEndsAt : null,
                    s.CancelsAt, s.PendingPlanId is { } pending ? plans[pending].Name : null, s.PendingPlanAt, s.CancellationEndsAt(now));
            })
            .ToList();
    }

    /// <summary>
    /// Cancels at <see cref="Subscription.CancellationEndsAt"/>: calls keep working until then, the time it returns. A scheduled
    /// downgrade is withdrawn with it (<see cref="Subscription.Cancel"/>).
    /// </summary>
    public async Task<DateTimeOffset> CancelAsync(string userId, Guid organizationId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Buyers);
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var subscription = await OwnAsync(db.Subscriptions.ForOrganization(organizationId).Include(s => s.Terms), subscriptionId, cancellationToken);
        if (subscription.CancelsAt is { } canceled)
        {
            // Canceling again changes nothing, so it records and tells nothing: a webhook receiver would count two cancellations.
            return canceled;
        }

        var now = clock.GetUtcNow();
        var endsAt = subscription.CancellationEndsAt(now);
        if (subscription.Cancel(now, endsAt) is { } pending)
        {
            var withdrawn = await db.Plans.Where(p => p.Id == pending).Select(p => p.Name).SingleAsync(cancellationToken);
            db.Record(clock, userId, organizationId, "subscription.downgrade-withdrawn", nameof(Subscription), subscription.Id, withdrawn);
        }

        db.Record(clock, userId, organizationId, "subscription.canceled", nameof(Subscription), subscription.Id, $"ends {endsAt:O}");
        await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionCanceled, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return endsAt;
    }

    /// <summary>An upgrade (same or higher price) applies now; a downgrade at the end of the current period.</summary>
    public async Task<bool> ChangePlanAsync(string userId, Guid organizationId, Guid subscriptionId, Guid newPlanId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var role = await db.RequireRoleAsync(userId, organizationId, cancellationToken);
        var now = clock.GetUtcNow();
        // Checked before the lock as well, as subscribing is: the payment provider's answer may take a while, and the lock
        // would hold up the organization's other changes (every write, on SQLite) meanwhile. Untracked, so that the read
        // under the lock sees what a change committed in between left.
        var (_, before, plan) = await ChangeableAsync(
            db, db.Subscriptions.AsNoTracking().ForOrganization(organizationId), role, subscriptionId, newPlanId, now, cancellationToken);
        if (!before.Charges && await RequirePaymentMethodAsync(organizationId, subscriptionId, plan, cancellationToken) is not null)
        {
            throw new InvalidInputException("PaymentMethod", "Add a payment method in Billing before moving to a paid plan.");
        }

        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        (var subscription, var current, plan) = await ChangeableAsync(
            db, db.Subscriptions.ForOrganization(organizationId).Include(s => s.Terms), role, subscriptionId, newPlanId, now, cancellationToken);
        if (before.Charges && !current.Charges && plan.Charges)
        {
            // Moved meanwhile to a plan that charges nothing (an upgrade from a pay-per-use plan without a monthly fee),
            // so this move needs the payment method no one has checked.
            throw new InvalidInputException("Subscription", "This subscription's plan changed meanwhile: check it and try again.");
        }

        var appliesAt = subscription.PlanChangeAppliesAt(current, plan, now);
        subscription.CarryTrialTo(plan, appliesAt);
        var immediate = appliesAt == now;
        if (immediate)
        {
            subscription.PlanId = plan.Id;
            subscription.PendingPlanId = null;
            subscription.PendingPlanAt = null;
            subscription.ScheduleTerm(plan.Id, now);
        }
        else
        {
            subscription.PendingPlanId = plan.Id;
            subscription.PendingPlanAt = appliesAt;
            subscription.ScheduleTerm(plan.Id, appliesAt);
        }

        db.Record(clock, userId, organizationId, immediate ? "subscription.upgraded" : "subscription.downgrade-scheduled", nameof(Subscription), subscription.Id, plan.Name);
        await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionChanged, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return immediate;
    }

    /// <summary>
    /// Withdraws what is scheduled for the end of the period (or trial): a cancellation, a downgrade, or both, so the
    /// subscription goes on at its plan as if neither had been asked. Both were a buyer's decision, and so is keeping the
    /// plan that charges. Neither is applied by a job at its time (<see cref="Subscription.SettlePlanAt"/>,
    /// <see cref="Subscription.IsLiveAt"/>), so once due it has happened and there is nothing left to withdraw.
    /// </summary>
    public async Task WithdrawScheduledChangeAsync(string userId, Guid organizationId, Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RequireRoleAsync(userId, organizationId, cancellationToken, Buyers);
        await using var transaction = await db.BeginOrganizationTransactionAsync(organizationId, cancellationToken);
        var subscription = await OwnAsync(db.Subscriptions.ForOrganization(organizationId).Include(s => s.Terms), subscriptionId, cancellationToken);
        var now = clock.GetUtcNow();
        subscription.SettlePlanAt(now);
        RefuseEnded(subscription, now);
        if (subscription.CancelsAt is null && subscription.PendingPlanId is null)
        {
            // Asked twice (a second tab, a retry) it changes, records and tells nothing, and says why.
            throw new InvalidInputException("Subscription", "Nothing is scheduled on this subscription: it renews at its plan.");
        }

        if (subscription.CancelsAt is { } endsAt)
        {
            subscription.CancelsAt = null;
            db.Record(clock, userId, organizationId, "subscription.cancellation-withdrawn", nameof(Subscription), subscription.Id, $"was to end {endsAt:O}");
        }

        if (subscription.PendingPlanId is { } pending)
        {
            var withdrawn = await db.Plans.Where(p => p.Id == pending).Select(p => p.Name).SingleAsync(cancellationToken);
            subscription.KeepPlan();
            db.Record(clock, userId, organizationId, "subscription.downgrade-withdrawn", nameof(Subscription), subscription.Id, withdrawn);
        }

        await SubscriptionWebhooks.PublishAsync(db, now, subscription, WebhookEventTypes.SubscriptionChanged, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Tells the provider who subscribed: their name and what they took, nothing of their other business.</summary>
    private static async Task PublishNewSubscriberAsync(TrustVaultDbContext db, DateTimeOffset now, Subscription subscription, Plan plan, CancellationToken cancellationToken)
    {
        // The listing is the provider's; its name and slug are public.
        var listing = await db.Listings.AsNoTracking().AcrossOrganizations().Where(l => l.Id == plan.ListingId).Select(l => new { l.Name, l.Slug, l.OrganizationId }).SingleAsync(cancellationToken);
        var subscriber = await db.OrganizationNameAsync(subscription.OrganizationId, cancellationToken);
        await db.PublishWebhookAsync(now, listing.OrganizationId, WebhookEventTypes.ListingNewSubscriber, new
        {
            SubscriptionId = subscription.Id,
            subscription.ListingId,
            ListingName = listing.Name,
            ListingSlug = listing.Slug,
            subscription.PlanId,
            PlanName = plan.Name,
            plan.MonthlyPrice,
            plan.Currency,
            SubscriberOrganizationId = subscription.OrganizationId,
            SubscriberOrganizationName = subscriber,
        }, cancellationToken);
    }

    /// <summary>The subscription from <paramref name="owned"/>, the organization's own (the tenancy rule is the caller's, in sight of the set).</summary>
    private static async Task<Subscription> OwnAsync(IQueryable<Subscription> owned, Guid subscriptionId, CancellationToken cancellationToken) =>
        await owned.SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken)
        ?? throw new NotFoundException("The subscription does not exist.");

    /// <summary>
    /// The subscription, read from <paramref name="owned"/> (the organization's own), with the plan in force at <paramref name="now"/> and
    /// the plan asked for, once a member of <paramref name="role"/> is found to be allowed to make the change.
    /// </summary>
    private static async Task<(Subscription Subscription, Plan Current, Plan Next)> ChangeableAsync(
        TrustVaultDbContext db, IQueryable<Subscription> owned, OrganizationRole role, Guid subscriptionId, Guid newPlanId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subscription = await OwnAsync(owned, subscriptionId, cancellationToken);
        subscription.SettlePlanAt(now);
        // Moving an ended subscription to a paid plan would bill a subscription the gateway no longer serves.
        RefuseEnded(subscription, now);
        RefuseChangeOfCanceled(subscription);

        var plan = await OfferedPlanAsync(db, newPlanId, cancellationToken);
        // Moving off a paid plan changes what the organization buys as much as moving onto one: a buyer's decision too.
        var current = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == subscription.PlanId, cancellationToken);
        RequireMayTake(role, plan, current.Charges);
        if (plan.ListingId != subscription.ListingId || plan.Id == subscription.PlanId)
        {
            throw new InvalidInputException("PlanId", OtherPlanOfSameApi);
        }

        return (subscription, current, plan);
    }

    internal static async Task<Plan> OfferedPlanAsync(TrustVaultDbContext db, Guid planId, CancellationToken cancellationToken) =>
        await db.Plans.Where(Plan.Offered).SingleOrDefaultAsync(p => p.Id == planId && p.Listing!.Status == ListingStatus.Published, cancellationToken)
        ?? throw new NotFoundException("This plan is not open to new subscribers.");

    private static void RefuseEnded(Subscription subscription, DateTimeOffset now)
    {
        if (!subscription.IsLiveAt(now))
        {
            throw new InvalidInputException("Subscription", "This subscription has ended; subscribe to the plan instead.");
        }
    }

    /// <summary>
    /// A canceled subscription keeps its plan until it ends: a change scheduled on it could never apply, and one applied now
    /// would change what is left of a subscription the customer has already ended.
    /// </summary>
    internal static void RefuseChangeOfCanceled(Subscription subscription)
    {
        if (subscription.CancelsAt is { } endsAt)
        {
            throw new InvalidInputException(
                "Subscription",
                $"This subscription is canceled and ends on {endsAt.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}; subscribe to another plan once it has ended.");
        }
    }

    /// <summary>Whether the organization has had a trial of the listing (see <see cref="Subscription.Start"/>); a checkout never completed started none.</summary>
    internal static Task<bool> HadTrialAsync(TrustVaultDbContext db, Guid organizationId, Guid listingId, CancellationToken cancellationToken) =>
        db.Subscriptions.ForOrganization(organizationId)
            .AnyAsync(s => s.ListingId == listingId && s.TrialEndsAt != null && s.Status != SubscriptionStatus.Incomplete, cancellationToken);

    private static async Task RefuseSecondSubscriptionAsync(
        TrustVaultDbContext db, Guid organizationId, Guid listingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await SubscribesAsync(db, organizationId, listingId, now, cancellationToken))
        {
            throw new InvalidInputException("PlanId", "Your organization already subscribes to this API: change its plan instead.");
        }
    }

    /// <summary>Whether the organization has a live subscription to the listing at <paramref name="now"/> (a waiting checkout is none).</summary>
    internal static async Task<bool> SubscribesAsync(
        TrustVaultDbContext db, Guid organizationId, Guid listingId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await db.Subscriptions.ForOrganization(organizationId).Where(s => s.ListingId == listingId && s.EndedAt == null).ToListAsync(cancellationToken))
            .Any(s => s.IsLiveAt(now));

    /// <summary>Null when the plan is free or a payment method is on file; else the checkout address, if the provider has one.</summary>
    private async Task<string?> RequirePaymentMethodAsync(Guid organizationId, Guid subscriptionId, Plan plan, CancellationToken cancellationToken)
    {
        if (!plan.Charges)
        {
            return null;
        }

        var start = await payments.StartCheckoutAsync(new CheckoutRequest(organizationId, subscriptionId, plan.Name), cancellationToken);
        return start.PaymentMethodOnFile
            ? null
            : start.RedirectUrl ?? throw new InvalidInputException("PaymentMethod", "Add a payment method in Billing before subscribing to a paid plan.");
    }

    private static void RequireMayTake(OrganizationRole role, Plan plan, bool fromPaidPlan)
    {
        if (!MayTake(role, plan, fromPaidPlan))
        {
            throw new ForbiddenException("Only an Owner or a Billing member may take a paid plan or move off one.");
        }
    }
}
