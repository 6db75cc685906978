namespace TrustVault.Core.Analytics.BusinessIntelligence;

/// <summary>
/// The five MRR movement types of ChartMogul ("Data Table and MRR Movements",
/// help.chartmogul.com/hc/en-us/articles/203299912), decided per customer by comparing the customer's MRR at
/// the end of the previous month with the end of this month.
/// </summary>
public enum MovementKind
{
    /// <summary>From zero to paying, for the first time ever.</summary>
    New,

    /// <summary>Paying at both month ends, more now (upgrade, more seats, a second subscription).</summary>
    Expansion,

    /// <summary>Paying at both month ends, less now (downgrade, one of several subscriptions cancelled).</summary>
    Contraction,

    /// <summary>From paying to zero: the customer's last paid subscription ended.</summary>
    Churn,

    /// <summary>From zero to paying again after having paid at an earlier month end.</summary>
    Reactivation,
}

/// <summary>One customer's movement in one month; <see cref="Change"/> is signed (negative for contraction and churn).</summary>
public sealed record CustomerMovement(DateOnly Month, string CustomerId, MovementKind Kind, decimal PreviousMrr, decimal Mrr)
{
    public decimal Change => Mrr - PreviousMrr;
}

/// <summary>MRR moved in a month, each as a positive amount; <see cref="NetNew"/> = new + expansion + reactivation − contraction − churned.</summary>
public sealed record MrrMovements(decimal New, decimal Expansion, decimal Contraction, decimal Churned, decimal Reactivation)
{
    public decimal NetNew => New + Expansion + Reactivation - Contraction - Churned;
}

/// <summary>How many customers made each movement in a month.</summary>
public sealed record MovementCounts(int New, int Expansion, int Contraction, int Churned, int Reactivation);

/// <summary>
/// One calendar month (UTC), measured at its end. Money is in the report's currency, unrounded; rates are
/// decimal fractions (0.25 = 25%) and null where their denominator is zero.
/// </summary>
/// <param name="Mrr">Sum of paid, non-trial stream amounts active at the end of the month.</param>
/// <param name="Arr">12 × MRR (ChartMogul glossary: "Annual Run Rate … Calculated as MRR × 12").</param>
/// <param name="Customers">Customers with MRR above zero at the end of the month; several subscriptions count once.</param>
/// <param name="StartingMrr">MRR at the end of the previous month, the denominator of the MRR rates.</param>
/// <param name="StartingCustomers">Customers at the end of the previous month, the denominator of logo churn.</param>
/// <param name="LogoChurnRate">Churned customers ÷ starting customers. Month-end snapshots leave out customers who
/// joined and left, or left and came back, within the month: ChartMogul's Standard (B2B) customer churn rate
/// (help.chartmogul.com/hc/en-us/articles/207340419).</param>
/// <param name="GrossMrrChurnRate">(churned + contraction) ÷ starting MRR (ChartMogul, "MRR Churn Rate", Standard formula).</param>
/// <param name="NetMrrChurnRate">(churned + contraction − expansion − reactivation) ÷ starting MRR; negative when
/// existing and returning customers add more than is lost (ChartMogul, "Net MRR Churn Rate", Standard formula).</param>
/// <param name="NetRevenueRetention">This month's MRR from the customers who paid at the start ÷ starting MRR,
/// i.e. (starting + expansion − contraction − churned) ÷ starting; reactivations are not in it because those
/// customers were not paying at the start.</param>
/// <param name="TrailingTwelveMonthNrr">MRR now from customers who paid twelve months earlier ÷ total MRR twelve months
/// earlier (SaaS Capital, "Essential SaaS Metrics: Revenue Retention Fundamentals"); null without that history.</param>
/// <param name="TrailingTwelveMonthGrr">The same with each customer's MRR capped at its level twelve months earlier,
/// so up-sells do not count (SaaS Capital's annual gross retention).</param>
/// <param name="Arpu">MRR ÷ customers (ChartMogul, "Average Revenue Per Account").</param>
/// <param name="Ltv">ARPU × gross margin ÷ the mean logo churn rate of the previous months
/// (<see cref="RevenueOptions.LtvChurnMonths"/>, current month excluded) as ChartMogul's "Customer Lifetime Value"
/// chart; with the default gross margin of 1 it is a revenue LTV. Null while that churn is zero or unknown.</param>
/// <param name="NonRecurringRevenue">One-off charges dated in the month; never part of MRR.</param>
public sealed record MonthlyRevenue(
    DateOnly Month, decimal Mrr, decimal Arr, int Customers, decimal StartingMrr, int StartingCustomers,
    MrrMovements Movements, MovementCounts MovementCounts,
    decimal? LogoChurnRate, decimal? GrossMrrChurnRate, decimal? NetMrrChurnRate, decimal? NetRevenueRetention,
    decimal? TrailingTwelveMonthNrr, decimal? TrailingTwelveMonthGrr, decimal? Arpu, decimal? Ltv, decimal NonRecurringRevenue);

/// <summary>A cohort at <see cref="Offset"/> months after its first paid month (offset 0 is that month).</summary>
/// <param name="CustomerRetention">Customers still paying ÷ the cohort's customers (returning customers count again).</param>
/// <param name="RevenueRetention">Their MRR ÷ the cohort's first-month MRR; above 1 when expansion outweighs losses
/// (ChartMogul, "Cohort: Net MRR Retention").</param>
public sealed record CohortCell(int Offset, int Customers, decimal Mrr, decimal CustomerRetention, decimal RevenueRetention);

/// <summary>Customers whose first month-end with MRR above zero is <see cref="Month"/>, followed to the last reported month.</summary>
public sealed record CohortRow(DateOnly Month, int Customers, decimal Mrr, IReadOnlyList<CohortCell> Cells);

/// <summary>A product or provider ranked by its MRR at the end of the last reported month.</summary>
public sealed record RankedMrr(string Id, decimal Mrr, int Customers, decimal Share);

public sealed record RevenueReport(
    string? Currency, IReadOnlyList<MonthlyRevenue> Months, IReadOnlyList<CustomerMovement> Movements,
    IReadOnlyList<CohortRow> Cohorts, IReadOnlyList<RankedMrr> TopProducts, IReadOnlyList<RankedMrr> TopProviders);

/// <param name="GrossMargin">Multiplies LTV; 1 (the default) reports revenue LTV as ChartMogul does.</param>
/// <param name="LtvChurnMonths">Months of logo churn averaged for LTV; ChartMogul uses six.</param>
/// <param name="TopCount">How many products and providers to rank.</param>
public sealed record RevenueOptions(decimal GrossMargin = 1m, int LtvChurnMonths = 6, int TopCount = 10);
