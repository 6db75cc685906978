using System.Globalization;

namespace TrustVault.Web.Components.Shared;

/// <summary>
/// The one way dates read across the console and billing: "1 Dec 2026", as invoice lines write them
/// (InvoiceCalculator), in UTC like the billing periods; months as "December 2026".
/// </summary>
public static class DateFormat
{
    public static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// The last day of something that stops at <paramref name="end"/>: the day before when it stops at midnight (UTC), as
    /// a billing period does, so that a subscription ending with the period of 1–31 Dec reads "31 Dec", not "1 Jan".
    /// </summary>
    public static string LastDay(DateTimeOffset end) => Day(end.UtcDateTime.TimeOfDay == TimeSpan.Zero ? end.AddDays(-1) : end);

    /// <summary>A UTC day kept without a time (usage grouped by day).</summary>
    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A chart's day tick, where a year on every tick would crowd the axis: "4 Dec".</summary>
    public static string AxisDay(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);

    /// <summary>A chart's month tick: "Dec 26".</summary>
    public static string AxisMonth(DateOnly month) => month.ToString("MMM yy", CultureInfo.InvariantCulture);

    public static string Month(DateTimeOffset instant) => instant.UtcDateTime.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A calendar month kept as its first day (revenue by month).</summary>
    public static string Month(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A day and time, for things that happen within a day (a key's last use, a run's start).</summary>
    public static string DayAndTime(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A time of day (UTC), for a chart axis of the last day.</summary>
    public static string AxisTime(DateTimeOffset instant) => instant.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>To the second, for logs whose entries come seconds apart (delivery attempts, queued mail).</summary>
    public static string Precise(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMM yyyy, HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
