using System.Globalization;

namespace TrustVault.Core.Analytics.Insights;

/// <summary>
/// How figures read in narratives, in US English (dashboards are in English): money with its symbol and cents,
/// counts with thousands separators, percentages from fractions with one decimal, small numbers (correlations)
/// with three decimals, millions and billions shortened, figures past a thousand trillion as powers of ten.
/// </summary>
public static class InsightFormat
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static string Value(double value, FactUnit unit, string? currency = null) => unit switch
    {
        FactUnit.Money => Money(value, currency),
        FactUnit.Count => Sign(value, 0) + Abbreviated(Math.Abs(value), 0),
        FactUnit.Percent => Percent(value),
        _ => Number(value),
    };

    /// <summary>"up 2.4%", "down $40.00" when the start was zero, "up 1.5 percentage points", or "unchanged".</summary>
    public static string Change(double from, double to, FactUnit unit, string? currency = null)
    {
        if (to == from)
        {
            return "unchanged";
        }

        var direction = to > from ? "up" : "down";
        var gap = Math.Abs(to - from);

        // A move too large for a double (−1e308 to 1e308), or for a percentage of it (1e308 from 1), is told in
        // words, not as "∞".
        if (!double.IsFinite(gap))
        {
            return $"{direction} sharply";
        }

        if (unit == FactUnit.Percent)
        {
            var points = Hundredfold(gap, gap >= 0.1 ? "#,0" : "0.#");
            return $"{direction} {points} percentage {(points == "1" ? "point" : "points")}";
        }

        if (from == 0)
        {
            return $"{direction} {Value(gap, unit, currency)}";
        }

        var relative = gap / Math.Abs(from);
        return double.IsFinite(relative * 100) ? $"{direction} {Percent(relative)}" : $"{direction} sharply";
    }

    private static string Money(double value, string? currency)
    {
        var amount = Math.Abs(value) >= 1e6 ? Abbreviated(Math.Abs(value), 2) : Math.Abs(value).ToString("#,0.00", English);
        var code = currency?.ToUpperInvariant();
        var symbol = code switch
        {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            _ => null,
        };
        var sign = Sign(value, 2);
        return symbol is null ? $"{sign}{amount}{(code is null ? "" : " " + code)}" : $"{sign}{symbol}{amount}";
    }

    /// <summary>Small numbers (correlations) with three decimals, others with two.</summary>
    private static string Number(double value)
    {
        var decimals = Math.Abs(value) < 10 ? 3 : 2;
        return Sign(value, decimals) + Abbreviated(Math.Abs(value), decimals);
    }

    private static string Percent(double fraction) => Hundredfold(fraction, Math.Abs(fraction * 100) >= 1000 ? "#,0" : "#,0.0") + "%";

    /// <summary>
    /// A fraction as percent. Past a thousand trillion it is written as a power of ten, as <see cref="Abbreviated"/>
    /// writes figures; from the fraction with the exponent raised by two, since past 1.8e306 the product overflows a
    /// double and would read "∞".
    /// </summary>
    private static string Hundredfold(double fraction, string format)
    {
        var percent = fraction * 100;
        if (Math.Abs(percent) < 1e15)
        {
            return percent.ToString(format, English);
        }

        var powers = fraction.ToString("0.##E+0", English).Split('E');
        return $"{powers[0]}E+{int.Parse(powers[1], NumberStyles.AllowLeadingSign, English) + 2}";
    }

    /// <summary>The unit is chosen on the figure as it will read: 999,999,999 reads "1B", not "1,000M", and 999,999.7 counted "1M".</summary>
    private static string Abbreviated(double magnitude, int decimals)
    {
        // Beyond a thousand trillion no word shortens a figure enough to read: it is written as a power of ten.
        if (magnitude >= 1e15)
        {
            return magnitude.ToString("0.##E+0", English);
        }

        if (Math.Round(magnitude / 1e6, 2) >= 1_000)
        {
            return (magnitude / 1e9).ToString("#,0.##", English) + "B";
        }

        return Math.Round(magnitude, decimals) >= 1e6
            ? (magnitude / 1e6).ToString("#,0.##", English) + "M"
            : magnitude.ToString(decimals == 0 ? "#,0" : "#,0." + new string('#', decimals), English);
    }

    /// <summary>A minus only when the figure shown is not zero: -0.004 dollars read "$0.00".</summary>
    private static string Sign(double value, int decimals) => value < 0 && Math.Round(-value, decimals) > 0 ? "-" : "";
}
