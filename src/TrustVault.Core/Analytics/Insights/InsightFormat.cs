using System.Globalization;

namespace TrustVault.Core.Analytics.Insights;

/// <summary>
/// How figures read in narratives, in US English (dashboards are in English): money with its symbol and cents,
/// counts with thousands separators, percentages from fractions with one decimal, small numbers (correlations)
/// with three decimals, millions and billions shortened.
/// </summary>
public static class InsightFormat
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static string Value(double value, FactUnit unit, string? currency = null) => unit switch
    {
        FactUnit.Money => Money(value, currency),
        FactUnit.Count => Sign(value) + Abbreviated(Math.Abs(value), "#,0"),
        FactUnit.Percent => Percent(value),
        _ => Sign(value) + Abbreviated(Math.Abs(value), Math.Abs(value) < 10 ? "0.###" : "#,0.##"),
    };

    /// <summary>"up 2.4%", "down $40.00" when the start was zero, "up 1.5 percentage points", or "unchanged".</summary>
    public static string Change(double from, double to, FactUnit unit, string? currency = null)
    {
        if (to == from)
        {
            return "unchanged";
        }

        var direction = to > from ? "up" : "down";
        if (unit == FactUnit.Percent)
        {
            var points = Math.Abs(to - from) * 100;
            return $"{direction} {points.ToString(points >= 10 ? "#,0" : "0.#", English)} percentage points";
        }

        return from == 0
            ? $"{direction} {Value(Math.Abs(to - from), unit, currency)}"
            : $"{direction} {Percent(Math.Abs((to - from) / from))}";
    }

    private static string Money(double value, string? currency)
    {
        var amount = Math.Abs(value) >= 1e6 ? Abbreviated(Math.Abs(value), "#,0.##") : Math.Abs(value).ToString("#,0.00", English);
        var code = currency?.ToUpperInvariant();
        var symbol = code switch
        {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            _ => null,
        };
        return symbol is null ? $"{Sign(value)}{amount}{(code is null ? "" : " " + code)}" : $"{Sign(value)}{symbol}{amount}";
    }

    private static string Percent(double fraction)
    {
        var percent = fraction * 100;
        return percent.ToString(Math.Abs(percent) >= 1000 ? "#,0" : "#,0.0", English) + "%";
    }

    private static string Abbreviated(double magnitude, string format) => magnitude switch
    {
        >= 1e9 => (magnitude / 1e9).ToString("#,0.##", English) + "B",
        >= 1e6 => (magnitude / 1e6).ToString("#,0.##", English) + "M",
        _ => magnitude.ToString(format, English),
    };

    private static string Sign(double value) => value < 0 ? "-" : "";
}
