using System.Globalization;
using System.Text;
using TrustVault.Core.Export;

namespace TrustVault.Core.Billing;

/// <summary>The revenue dashboard's tables as CSV, each field as <see cref="CsvField"/> writes it.</summary>
public static class RevenueCsv
{
    public static readonly IReadOnlyList<string> Tables = ["months", "cohorts", "listings", "providers"];

    public static string Write(RevenueDashboard dashboard, string table) => table switch
    {
        "months" => Csv(
            ["month", "mrr", "arr", "customers", "new", "expansion", "contraction", "churned", "reactivation", "net_new", "logo_churn", "gross_mrr_churn", "net_mrr_churn", "nrr", "arpu", "ltv", "non_recurring"],
            dashboard.Report.Months.Select(m => new object?[]
            {
                m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.Mrr, m.Arr, m.Customers, m.Movements.New, m.Movements.Expansion, m.Movements.Contraction,
                m.Movements.Churned, m.Movements.Reactivation, m.Movements.NetNew, m.LogoChurnRate, m.GrossMrrChurnRate, m.NetMrrChurnRate,
                m.NetRevenueRetention, m.Arpu, m.Ltv, m.NonRecurringRevenue,
            })),
        "cohorts" => Csv(
            ["cohort", "customers", "mrr", "offset", "customers_retained", "mrr_retained", "customer_retention", "revenue_retention"],
            dashboard.Report.Cohorts.SelectMany(c => c.Cells.Select(cell => new object?[]
            {
                c.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), c.Customers, c.Mrr, cell.Offset, cell.Customers, cell.Mrr, cell.CustomerRetention, cell.RevenueRetention,
            }))),
        "listings" => Ranked(dashboard, dashboard.Report.TopProducts, "listing"),
        "providers" => Ranked(dashboard, dashboard.Report.TopProviders, "provider"),
        _ => throw new ArgumentException($"Choose one of the tables: {string.Join(", ", Tables)}.", nameof(table)),
    };

    private static string Ranked(RevenueDashboard dashboard, IReadOnlyList<Analytics.BusinessIntelligence.RankedMrr> rows, string kind) => Csv(
        [kind, "mrr", "customers", "share"],
        rows.Select(r => new object?[] { dashboard.NameOf(r.Id), r.Mrr, r.Customers, r.Share }));

    private static string Csv(IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder().AppendJoin(',', header).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(CsvField.Write)).Append("\r\n");
        }

        return text.ToString();
    }
}
