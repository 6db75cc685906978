using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;

using TrustVault.Core.Organizations;

namespace TrustVault.Core.Subscriptions;

/// <summary>An organization's subscription to one plan of one listing; billed per calendar month (<see cref="BillingPeriod"/>).</summary>
public sealed class Subscription : IHasTimestamps, IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public Guid ListingId { get; init; }
    public Listing? Listing { get; init; }
    public Guid PlanId { get; set; }
    public Plan? Plan { get; init; }
    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Active;
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? TrialEndsAt { get; set; }

    /// <summary>Set by "cancel": see <see cref="CancellationEndsAt"/>.</summary>
    public DateTimeOffset? CancelsAt { get; set; }

    /// <summary>A downgrade that takes effect at <see cref="PendingPlanAt"/>, the end of the period it was asked in.</summary>
    public Guid? PendingPlanId { get; set; }

    public DateTimeOffset? PendingPlanAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Set when a payment failed; the gateway keeps serving for the grace period from here.</summary>
    public DateTimeOffset? PastDueSince { get; set; }

    /// <summary>Which plan was in force when: what invoices prorate fees by.</summary>
    public List<SubscriptionTerm> Terms { get; init; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A new subscription to <paramref name="plan"/> from <paramref name="now"/>, with its first term.</summary>
    public static Subscription Start(Guid organizationId, Plan plan, DateTimeOffset now, SubscriptionStatus? status = null)
    {
        var trial = plan.TrialDays > 0;
        var subscription = new Subscription
        {
            OrganizationId = organizationId,
            ListingId = plan.ListingId,
            PlanId = plan.Id,
            StartedAt = now,
            Status = status ?? (trial ? SubscriptionStatus.Trialing : SubscriptionStatus.Active),
            TrialEndsAt = trial ? now.AddDays(plan.TrialDays) : null,
        };
        subscription.Terms.Add(new SubscriptionTerm { SubscriptionId = subscription.Id, PlanId = plan.Id, From = now });
        return subscription;
    }

    /// <summary>Puts <paramref name="planId"/> in force from <paramref name="from"/>: the term in force then ends, a term scheduled after it is dropped.</summary>
    public void ScheduleTerm(Guid planId, DateTimeOffset from)
    {
        Terms.RemoveAll(t => t.From >= from);
        foreach (var open in Terms.Where(t => t.To is null || t.To > from))
        {
            open.To = from;
        }

        Terms.Add(new SubscriptionTerm { SubscriptionId = Id, PlanId = planId, From = from });
    }

    /// <summary>
    /// When a cancellation asked at <paramref name="now"/> ends the subscription: the end of the period already paid for,
    /// or the end of a trial that ends before it, so a canceled trial is never charged (as Stripe ends a canceled trial).
    /// </summary>
    public DateTimeOffset CancellationEndsAt(DateTimeOffset now)
    {
        var periodEnd = BillingPeriod.MonthOf(now).End;
        return TrialEndsAt is { } trialEnd && trialEnd > now && trialEnd < periodEnd ? trialEnd : periodEnd;
    }

    /// <summary>
    /// An upgrade (same or higher price) applies now; a downgrade at the end of what is already paid for, as a
    /// cancellation does (<see cref="CancellationEndsAt"/>): the period's end, or a trial's end before it, so that a trial
    /// moved down is never charged at the plan it leaves.
    /// </summary>
    public DateTimeOffset PlanChangeAppliesAt(Plan current, Plan next, DateTimeOffset now) =>
        next.MonthlyPrice >= current.MonthlyPrice ? now : CancellationEndsAt(now);

    /// <summary>
    /// The status at <paramref name="now"/>: a trial past its end is Active, since fees run from then on (InvoiceCalculator),
    /// whether or not a payment provider's event has moved <see cref="Status"/> yet.
    /// </summary>
    public SubscriptionStatus StatusAt(DateTimeOffset now) =>
        Status == SubscriptionStatus.Trialing && TrialEndsAt <= now ? SubscriptionStatus.Active : Status;

    /// <summary>Whether the gateway serves calls on it at <paramref name="now"/>.</summary>
    public bool IsLiveAt(DateTimeOffset now) =>
        Status is SubscriptionStatus.Trialing or SubscriptionStatus.Active or SubscriptionStatus.PastDue
        && (CancelsAt is null || now < CancelsAt);

    public Guid PlanIdAt(DateTimeOffset now) => PendingPlanId is { } pending && PendingPlanAt <= now ? pending : PlanId;

    /// <summary>
    /// Puts a scheduled plan change that is due at <paramref name="now"/> in force. Nothing moves it at its time (the
    /// gateway and invoices read <see cref="PlanIdAt"/> and the terms), so whatever reads or changes the plan settles it first.
    /// </summary>
    public void SettlePlanAt(DateTimeOffset now)
    {
        if (PendingPlanId is { } pending && PendingPlanAt <= now)
        {
            (PlanId, PendingPlanId, PendingPlanAt) = (pending, null, null);
        }
    }
}
