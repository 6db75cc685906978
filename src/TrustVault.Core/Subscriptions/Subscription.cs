using System.Linq.Expressions;
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
    /// <param name="trialUsed">
    /// Whether the organization has had a trial of the listing: a trial is offered once per organization and listing, so that
    /// canceling at its end and subscribing again does not start another free period.
    /// </param>
    public static Subscription Start(Guid organizationId, Plan plan, DateTimeOffset now, SubscriptionStatus? status = null, bool trialUsed = false)
    {
        var trial = plan.TrialDays > 0 && !trialUsed;
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
    /// When a cancellation asked at <paramref name="now"/> ends the subscription: a running trial's end, even past the
    /// period's, so a canceled trial keeps the free time it was promised and is never charged (as Stripe ends a canceled
    /// trial); otherwise the end of the running period, which is billed in arrears.
    /// </summary>
    public DateTimeOffset CancellationEndsAt(DateTimeOffset now) =>
        TrialEndsAt is { } trialEnd && trialEnd > now ? trialEnd : BillingPeriod.MonthOf(now).End;

    /// <summary>
    /// Whether it was canceled during its trial and so ends with it (<see cref="CancellationEndsAt"/>): fees run from the
    /// trial's end (InvoiceCalculator), so it is never charged one, however long the trial still runs.
    /// </summary>
    public bool IsCanceledInTrial => CancelsAt is { } endsAt && TrialEndsAt is { } trialEnd && endsAt <= trialEnd;

    /// <summary>
    /// Cancels at <paramref name="now"/>: the subscription ends at <paramref name="endsAt"/>, and a downgrade scheduled on it
    /// is withdrawn (one already due is in force first). It could apply only as the subscription ends, and withdrawing the
    /// cancellation later keeps the plan in force rather than bringing back a change the buyer gave up with the subscription.
    /// </summary>
    /// <returns>The plan of the withdrawn downgrade; null without one.</returns>
    public Guid? Cancel(DateTimeOffset now, DateTimeOffset endsAt)
    {
        SettlePlanAt(now);
        var withdrawn = PendingPlanId;
        KeepPlan();
        CancelsAt = endsAt;
        return withdrawn;
    }

    /// <summary>
    /// Withdraws a scheduled downgrade: the plan in force stays, its term open again as if the change had never been
    /// asked, so invoices go on charging it.
    /// </summary>
    public void KeepPlan()
    {
        if (PendingPlanAt is { } at)
        {
            Terms.RemoveAll(t => t.From >= at);
            foreach (var ended in Terms.Where(t => t.To == at))
            {
                ended.To = null;
            }
        }

        (PendingPlanId, PendingPlanAt) = (null, null);
    }

    /// <summary>
    /// An upgrade (same or higher price) applies now; a downgrade when a cancellation would end the subscription
    /// (<see cref="CancellationEndsAt"/>): a running trial's end, or the period's, so that a trial moved down is never
    /// charged at the plan it leaves.
    /// </summary>
    public DateTimeOffset PlanChangeAppliesAt(Plan current, Plan next, DateTimeOffset now) =>
        next.MonthlyPrice >= current.MonthlyPrice ? now : CancellationEndsAt(now);

    /// <summary>
    /// What a running trial becomes when the subscription moves to <paramref name="next"/> at <paramref name="appliesAt"/>.
    /// A trial is what a plan offers, so it does not carry over to a plan without one: the trial ends at the change, the
    /// time before it stays free and the new plan is charged from then on, prorated. Moving to another plan with a trial
    /// keeps the time left, but no more than the new plan's whole trial. A change that applies once the trial is over (a
    /// downgrade applies at its end) leaves it as it is, and changing plan never starts a trial: trials are for new
    /// subscriptions (<see cref="Start"/>).
    /// </summary>
    public void CarryTrialTo(Plan next, DateTimeOffset appliesAt)
    {
        if (TrialEndsAt is not { } trialEnd || trialEnd <= appliesAt)
        {
            return;
        }

        var longest = appliesAt.AddDays(next.TrialDays);
        TrialEndsAt = trialEnd < longest ? trialEnd : longest;
        if (TrialEndsAt == appliesAt && Status == SubscriptionStatus.Trialing)
        {
            Status = SubscriptionStatus.Active;
        }
    }

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

    /// <summary><see cref="IsLiveAt"/> as a filter the database runs, for a list counted and paged there.</summary>
    public static Expression<Func<Subscription, bool>> LiveAt(DateTimeOffset now) =>
        s => (s.Status == SubscriptionStatus.Trialing || s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.PastDue)
            && (s.CancelsAt == null || s.CancelsAt > now);

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
