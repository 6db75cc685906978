namespace TrustVault.Core.Analytics.BusinessIntelligence;

/// <summary>
/// One priced period of one subscription: a customer pays <paramref name="MonthlyAmount"/> from
/// <paramref name="Start"/> until <paramref name="End"/> (exclusive; null while it runs). A plan change, a
/// quantity change or a discount ends one stream and starts the next at the same instant; annual and other
/// intervals are normalised to a monthly amount first (<see cref="RecurringAmount.ToMonthly"/>). Set
/// <paramref name="End"/> to the end of the paid service period, not the click on "cancel": churn is then
/// recognised when service stops, ChartMogul's default ("Churn recognition",
/// help.chartmogul.com/hc/en-us/articles/203176581).
/// </summary>
/// <param name="IsTrial">Free trials never count towards MRR (Chargebee, "What is included/excluded in the MRR
/// calculation?": subscriptions "In Trial" are not included; Paddle, "What is MRR": free trials not considered).</param>
public sealed record RevenueStream(
    string CustomerId, string SubscriptionId, string ProductId, string ProviderId,
    DateTimeOffset Start, DateTimeOffset? End, decimal MonthlyAmount, string Currency, bool IsTrial = false);

/// <summary>
/// A non-recurring charge (metered usage, a set-up fee, a one-off purchase). Reported per month as
/// non-recurring revenue and never part of MRR: "if a payment doesn't automatically recur … it shouldn't be
/// included in your MRR figure" (Baremetrics, "6 mistakes companies make when calculating MRR"). A refund is a
/// negative amount.
/// </summary>
public sealed record OneOffCharge(string CustomerId, string ProductId, string ProviderId, DateTimeOffset At, decimal Amount, string Currency);

public enum BillingInterval
{
    Week,
    Month,
    Quarter,
    HalfYear,
    Year,
}

/// <summary>Normalises a plan price billed every <see cref="BillingInterval"/> to its monthly equivalent.</summary>
public static class RecurringAmount
{
    /// <summary>
    /// "If a customer is paying you $120 on an annual plan, we add $10 to MRR for the next 12 months";
    /// weekly prices take 52/12 weeks a month (Baremetrics, "Monthly Recurring Revenue" and "6 mistakes
    /// companies make when calculating MRR"). The result is not rounded, so 12 × MRR gives back the annual price.
    /// </summary>
    public static decimal ToMonthly(decimal price, BillingInterval interval) => interval switch
    {
        BillingInterval.Week => price * 52m / 12m,
        BillingInterval.Month => price,
        BillingInterval.Quarter => price / 3m,
        BillingInterval.HalfYear => price / 6m,
        BillingInterval.Year => price / 12m,
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Billing interval must be Week, Month, Quarter, HalfYear or Year."),
    };
}
