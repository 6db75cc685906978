using TrustVault.Core.Catalog;
using TrustVault.Core.Subscriptions;

namespace TrustVault.Core.Billing;

public enum PlanQuoteKind
{
    NewSubscription,

    /// <summary>Same or higher price: the new plan applies at once, prorated.</summary>
    Upgrade,

    /// <summary>Lower price: the new plan applies at the end of the current period, or of the running trial (<see cref="PlanQuote.AppliesAtTrialEnd"/>).</summary>
    Downgrade,
}

/// <summary>
/// What taking a plan costs and when, shown before the buyer confirms. The fees come from
/// <see cref="InvoiceCalculator"/> on the terms the subscription would have, so they are what the invoices will say;
/// overage depends on usage and is shown as terms only.
/// </summary>
/// <param name="SubscriptionId">The subscription a change applies to; null for a new subscription.</param>
/// <param name="AppliesAt">When the plan takes effect.</param>
/// <param name="TrialEndsAt">When a trial in force after the change ends; null without one.</param>
/// <param name="FirstChargeAt">When the first invoice with this plan's fee is issued: the end of the first period it is paid for; null when nothing is charged for it.</param>
/// <param name="FirstChargeAmount">The plan fees on that invoice, all plans of the subscription that period included.</param>
/// <param name="ProratedAmount">An upgrade's fee for the rest of the current period; null otherwise.</param>
/// <param name="AppliesAtTrialEnd">Whether a downgrade waits for the end of the running trial rather than the period's (<see cref="Subscription.PlanChangeAppliesAt"/>).</param>
public sealed record PlanQuote(
    PlanQuoteKind Kind, Guid? SubscriptionId, string ListingName, string? CurrentPlanName, Guid PlanId, string PlanName, decimal MonthlyPrice,
    string Currency, long IncludedCallsPerMonth, decimal? OveragePricePer1000, DateTimeOffset AppliesAt, DateTimeOffset? TrialEndsAt,
    DateTimeOffset? FirstChargeAt, decimal FirstChargeAmount, decimal? ProratedAmount, bool AppliesAtTrialEnd)
{
    /// <summary>Whether taking the plan can cost anything (see <see cref="Plan.Charges"/>).</summary>
    public bool IsPaid => MonthlyPrice > 0 || OveragePricePer1000 > 0;

    public bool HasHardCap => OveragePricePer1000 is null;

    /// <summary>The quote for subscribing to <paramref name="plan"/> at <paramref name="now"/>; see <see cref="Subscription.Start"/> for <paramref name="trialUsed"/>.</summary>
    public static PlanQuote ForNewSubscription(string listingName, Plan plan, DateTimeOffset now, bool trialUsed = false)
    {
        var scratch = Subscription.Start(Guid.Empty, plan, now, trialUsed: trialUsed);
        return Quote(PlanQuoteKind.NewSubscription, null, listingName, null, scratch, plan, now, new Dictionary<Guid, Plan> { [plan.Id] = plan }, appliesAtTrialEnd: false);
    }

    /// <summary>
    /// The quote for moving <paramref name="subscription"/> (with its terms) to <paramref name="plan"/> at <paramref name="now"/>;
    /// <paramref name="plans"/> holds the plans of its terms.
    /// </summary>
    public static PlanQuote ForChange(string listingName, Subscription subscription, IReadOnlyDictionary<Guid, Plan> plans, Plan plan, DateTimeOffset now)
    {
        var current = plans[subscription.PlanId];
        var appliesAt = subscription.PlanChangeAppliesAt(current, plan, now);
        var scratch = new Subscription
        {
            Id = subscription.Id,
            PlanId = subscription.PlanId,
            StartedAt = subscription.StartedAt,
            TrialEndsAt = subscription.TrialEndsAt,
            CancelsAt = subscription.CancelsAt,
            Terms = [.. subscription.Terms.Select(t => new SubscriptionTerm { SubscriptionId = t.SubscriptionId, PlanId = t.PlanId, From = t.From, To = t.To })],
        };
        scratch.CarryTrialTo(plan, appliesAt);
        scratch.ScheduleTerm(plan.Id, appliesAt);
        var kind = appliesAt == now ? PlanQuoteKind.Upgrade : PlanQuoteKind.Downgrade;
        var withNew = new Dictionary<Guid, Plan>(plans) { [plan.Id] = plan };
        return Quote(kind, subscription.Id, listingName, current.Name, scratch, plan, appliesAt, withNew,
            appliesAtTrialEnd: kind == PlanQuoteKind.Downgrade && appliesAt == subscription.TrialEndsAt);
    }

    private static PlanQuote Quote(
        PlanQuoteKind kind, Guid? subscriptionId, string listingName, string? currentPlanName, Subscription scratch, Plan plan, DateTimeOffset appliesAt,
        IReadOnlyDictionary<Guid, Plan> plans, bool appliesAtTrialEnd)
    {
        var trialEndsAt = scratch.TrialEndsAt > appliesAt ? scratch.TrialEndsAt : null;
        var paidFrom = trialEndsAt ?? appliesAt;
        var period = BillingPeriod.MonthOf(paidFrom);
        var terms = scratch.Terms.Select(t =>
        {
            var p = plans[t.PlanId];
            return new BilledTerm(p.Id, p.Name, p.MonthlyPrice, p.Currency, p.IncludedCallsPerMonth, p.OveragePricePer1000, t.From, t.To);
        }).ToList();
        var billed = new BilledSubscription(scratch.Id, plan.ListingId, listingName, Guid.Empty, scratch.StartedAt, scratch.TrialEndsAt, scratch.CancelsAt, terms, 0);
        var fees = InvoiceCalculator.Lines(period, billed).Where(l => l.Kind == InvoiceLineKind.Fee).ToList();
        var planFee = fees.Where(l => l.PlanId == plan.Id).Sum(l => l.Amount);
        var charged = planFee > 0;
        return new PlanQuote(
            kind, subscriptionId, listingName, currentPlanName, plan.Id, plan.Name, plan.MonthlyPrice, plan.Currency, plan.IncludedCallsPerMonth,
            plan.OveragePricePer1000, appliesAt, trialEndsAt,
            charged ? period.End : null,
            charged ? fees.Sum(l => l.Amount) : 0m,
            kind == PlanQuoteKind.Upgrade && trialEndsAt is null ? planFee : null,
            appliesAtTrialEnd);
    }
}
