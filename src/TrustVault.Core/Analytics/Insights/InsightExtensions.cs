using System.Globalization;
using TrustVault.Core.Analytics.Anomalies;
using TrustVault.Core.Analytics.BusinessIntelligence;
using TrustVault.Core.Analytics.Forecasting;
using TrustVault.Core.Analytics.Statistics;

namespace TrustVault.Core.Analytics.Insights;

/// <summary>Ready-made insights from the analytics engines' results.</summary>
public static class InsightExtensions
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    /// <summary>
    /// A forecast with the history it continues: the last observation, the forecast at the end of the horizon
    /// (its change measured from the last observation) and its 95% interval, the history as the series.
    /// </summary>
    public static Insight ToInsight(this Forecast forecast, string subject, IReadOnlyList<double> history, FactUnit unit = FactUnit.Number, string? currency = null)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0 || forecast.Points.Count == 0)
        {
            throw new ArgumentException("A forecast insight needs the history and at least one forecast point.", nameof(history));
        }

        var end = forecast.Points[^1];
        var facts = new List<InsightFact>
        {
            new("Last observed value", history[^1], unit, Currency: currency),
            new($"Forecast {end.Step} {(end.Step == 1 ? "step" : "steps")} ahead", end.Value, unit, history[^1], currency),
            new("95% interval low", end.Interval95.Lower, unit, Currency: currency),
            new("95% interval high", end.Interval95.Upper, unit, Currency: currency),
        };
        var series = new InsightSeries("The observed series", history.Select((v, i) => new InsightPoint($"period {i + 1}", v)).ToList(), unit, currency);
        var seasonLength = Math.Max(forecast.Ets.SeasonLength, forecast.Arima?.Order.SeasonLength ?? 1);
        var season = seasonLength > 1 ? $"a season of {seasonLength} periods" : "no seasonality";
        var note = forecast.Method switch
        {
            ForecastMethod.Ets when forecast.Backtest is null => $"The model is exponential smoothing {forecast.Name}, chosen by AICc and averaged with the forms near it, with {season}",
            ForecastMethod.Ets => $"The model is exponential smoothing {forecast.Name}, chosen by AICc and averaged with the forms near it, with {season}; it forecast the series' own last points best",
            ForecastMethod.Arima => $"The model is {forecast.Name}, chosen by AICc, with {season}",
            ForecastMethod.Theta => $"The model is the Theta method, with {season}; it forecast the series' own last points best",
            _ => $"The forecast is the mean of {forecast.Ets.Name}, {forecast.Arima!.Name} and the Theta method, with {season}; it forecast the series' own last points best",
        };
        var notes = new[] { note };
        return new Insight(subject, facts, series, notes);
    }

    /// <summary>
    /// An anomaly report with the values it was found in: how many points were checked and flagged, the most
    /// unusual flagged values (by score, at most five) with the range the ordinary values stay in, the values
    /// as the series labelled by their zero-based index, and the method.
    /// </summary>
    public static Insight ToInsight(this AnomalyReport report, string subject, IReadOnlyList<double> values, FactUnit unit = FactUnit.Number, string? currency = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(values);
        var top = report.Anomalies.OrderByDescending(a => a.Score).ThenBy(a => a.Index).Take(5).OrderBy(a => a.Index).ToList();
        var facts = new List<InsightFact>
        {
            new("Points checked", values.Count, FactUnit.Count),
            new("Anomalies found", report.Anomalies.Count, FactUnit.Count),
        };
        facts.AddRange(top.Select(a => new InsightFact($"Value at index {a.Index}", a.Value, unit, Currency: currency)));
        var method = report.Method switch
        {
            AnomalyMethod.RobustZScore => "robust z-scores",
            AnomalyMethod.SeasonalHybridEsd => "seasonal-hybrid ESD",
            AnomalyMethod.SpectralResidual => "spectral residual",
            _ => "a streaming score that looks only at earlier points",
        };
        var notes = new List<string>
        {
            $"Anomalies were detected with {method}, {(report.Period is { } p ? $"with a season of {p} points" : "without seasonality")}",
        };
        notes.AddRange(top.Where(a => double.IsFinite(a.Lower) && double.IsFinite(a.Upper)).Select(a =>
            $"At index {a.Index} the expected range was {InsightFormat.Value(a.Lower, unit, currency)} to {InsightFormat.Value(a.Upper, unit, currency)}"));
        var series = new InsightSeries("The series", values.Select((v, i) => new InsightPoint($"index {i}", v)).ToList(), unit, currency);
        return new Insight(subject, facts, series, notes);
    }

    /// <summary>
    /// A dataset profile: its size, the share of missing cells, the three columns missing most, and the
    /// strongest correlation between two numeric columns.
    /// </summary>
    public static Insight ToInsight(this DatasetProfile profile, string subject)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var cells = profile.Columns.Sum(c => c.Count);
        var facts = new List<InsightFact>
        {
            new("Rows", profile.Rows, FactUnit.Count),
            new("Columns", profile.Columns.Count, FactUnit.Count),
            new("Numeric columns", profile.NumericColumns.Count, FactUnit.Count),
        };
        if (cells > 0)
        {
            facts.Add(new InsightFact("Missing cells", (double)profile.Columns.Sum(c => c.Missing) / cells, FactUnit.Percent));
        }

        facts.AddRange(profile.Columns
            .Where(c => c.Missing > 0 && c.Count > 0)
            .OrderByDescending(c => (double)c.Missing / c.Count).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(c => new InsightFact($"Missing in {c.Name}", (double)c.Missing / c.Count, FactUnit.Percent)));

        var strongest = Enumerable.Range(0, profile.NumericColumns.Count)
            .SelectMany(a => Enumerable.Range(a + 1, profile.NumericColumns.Count - a - 1).Select(b => (a, b, r: profile.Correlations[a][b])))
            .Where(p => double.IsFinite(p.r))
            .OrderByDescending(p => Math.Abs(p.r)).ThenBy(p => p.a).ThenBy(p => p.b)
            .Take(1)
            .ToList();
        facts.AddRange(strongest.Select(p => new InsightFact(
            $"Correlation of {profile.NumericColumns[p.a]} and {profile.NumericColumns[p.b]}", Math.Round(p.r, 3))));

        var notes = new[] { "Column types: " + string.Join(", ", profile.Columns.Select(c => $"{c.Name} ({c.Type.ToString().ToLowerInvariant()})")) };
        return new Insight(subject, facts, Notes: notes);
    }

    /// <summary>One month of the revenue report: MRR and customers against the month before, its movements and rates.</summary>
    public static Insight ToInsight(this MonthlyRevenue month, string subject, string? currency)
    {
        ArgumentNullException.ThrowIfNull(month);
        InsightFact Money(string name, decimal value, decimal? previous = null) => new(name, (double)value, FactUnit.Money, (double?)previous, currency);
        var facts = new List<InsightFact>
        {
            Money("MRR", month.Mrr, month.StartingMrr),
            Money("ARR", month.Arr),
            new("Customers", month.Customers, FactUnit.Count, month.StartingCustomers),
            Money("New MRR", month.Movements.New),
            Money("Expansion MRR", month.Movements.Expansion),
            Money("Reactivation MRR", month.Movements.Reactivation),
            Money("Contraction MRR", month.Movements.Contraction),
            Money("Churned MRR", month.Movements.Churned),
            Money("Net new MRR", month.Movements.NetNew),
        };
        void Rate(string name, decimal? value)
        {
            if (value is { } v)
            {
                facts.Add(new InsightFact(name, (double)v, FactUnit.Percent));
            }
        }

        Rate("Logo churn", month.LogoChurnRate);
        Rate("Gross MRR churn", month.GrossMrrChurnRate);
        Rate("Net MRR churn", month.NetMrrChurnRate);
        Rate("Net revenue retention", month.NetRevenueRetention);
        Rate("Trailing 12-month net revenue retention", month.TrailingTwelveMonthNrr);
        if (month.Arpu is { } arpu)
        {
            facts.Add(Money("ARPU", arpu));
        }

        if (month.Ltv is { } ltv)
        {
            facts.Add(Money("LTV", ltv));
        }

        if (month.NonRecurringRevenue != 0)
        {
            facts.Add(Money("Non-recurring revenue", month.NonRecurringRevenue));
        }

        return new Insight($"{subject} for {Label(month.Month)}", facts);
    }

    /// <summary>The report's last month, with MRR over all its months as the series and the top product and provider as notes.</summary>
    public static Insight ToInsight(this RevenueReport report, string subject = "Revenue")
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Months.Count == 0)
        {
            throw new ArgumentException("The revenue report has no months.", nameof(report));
        }

        var last = report.Months[^1].ToInsight(subject, report.Currency);
        var series = new InsightSeries("MRR", report.Months.Select(m => new InsightPoint(Label(m.Month), (double)m.Mrr)).ToList(), FactUnit.Money, report.Currency);
        var notes = new List<string>();
        if (report.TopProducts.Count > 0)
        {
            notes.Add($"The product with the most MRR is {report.TopProducts[0].Id}");
        }

        if (report.TopProviders.Count > 0)
        {
            notes.Add($"The provider with the most MRR is {report.TopProviders[0].Id}");
        }

        return last with { Series = series, Notes = notes };
    }

    private static string Label(DateOnly month) => month.ToString("MMM yyyy", English);
}
