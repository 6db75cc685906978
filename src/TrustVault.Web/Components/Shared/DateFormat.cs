using System.Globalization;

namespace TrustVault.Web.Components.Shared;

/// <summary>
/// The one way dates read across the console and billing: "1 Dec 2026", as invoice lines write them
/// (InvoiceCalculator), in UTC like the billing periods; months as "December 2026".
/// </summary>
public static class DateFormat
{
    public static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A UTC day kept without a time (usage grouped by day).</summary>
    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A chart's day tick, where a year on every tick would crowd the axis: "4 Dec".</summary>
    public static string AxisDay(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    /// <summary>A chart's month tick: "Dec 26".</summary>
    public static string AxisMonth(DateOnly month) => month.ToString("MMM yy", CultureInfo.InvariantCulture);

    public static string Month(DateTimeOffset instant) => instant.UtcDateTime.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A day and time, for things that happen within a day (a key's last use, a run's start).</summary>
    public static string DayAndTime(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>To the second, for logs whose entries come seconds apart (delivery attempts, queued mail).</summary>
    public static string Precise(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy, HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
