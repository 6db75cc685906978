using System.Text.RegularExpressions;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Layout;

/// <summary>
/// Dates read one way on every page ("4 Dec 2026", with the time and "UTC" where the time matters), through
/// <see cref="DateFormat"/> or a column format of the same shape: checked on the pages' source, so a new page that
/// writes "2026-12-04" fails here rather than in a screenshot.
/// </summary>
public sealed partial class DateFormatTests
{
    private static readonly string Components = Path.GetFullPath(
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "TrustVault.Web", "Components"));

    [Fact]
    public void No_page_writes_a_date_in_another_format()
    {
        var pages = Directory.EnumerateFiles(Components, "*.razor", SearchOption.AllDirectories).ToList();

        var others = pages.SelectMany(page => File.ReadLines(page).Select((line, i) => (Page: Path.GetRelativePath(Components, page), Line: i + 1, Text: line)))
            .Where(l => OtherDateFormat().IsMatch(l.Text))
            .Select(l => $"{l.Page}:{l.Line}: {l.Text.Trim()}");

        Assert.NotEmpty(pages);
        Assert.Empty(others);
    }

    [Fact]
    public void The_formats_read_as_day_month_year_in_utc()
    {
        var instant = new DateTimeOffset(2026, 12, 4, 23, 5, 9, TimeSpan.FromHours(2));

        Assert.Equal(
            ("4 Dec 2026", "December 2026", "4 Dec 2026, 21:05 UTC", "4 Dec 2026, 21:05:09 UTC"),
            (DateFormat.Day(instant), DateFormat.Month(instant), DateFormat.DayAndTime(instant), DateFormat.Precise(instant)));
    }

    [Fact]
    public void What_ends_at_midnight_ends_with_the_day_before_and_what_ends_within_a_day_on_that_day()
    {
        Assert.Equal("31 Dec 2026", DateFormat.LastDay(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("20 Dec 2026", DateFormat.LastDay(new DateTimeOffset(2026, 12, 20, 14, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Chart_ticks_leave_out_what_the_axis_already_says()
    {
        Assert.Equal(("4 Dec", "Dec 26"), (DateFormat.AxisDay(new DateOnly(2026, 12, 4)), DateFormat.AxisMonth(new DateOnly(2026, 12, 1))));
        Assert.Equal("07:05", DateFormat.AxisTime(new DateTimeOffset(2026, 12, 4, 9, 5, 0, TimeSpan.FromHours(2))));
    }

    // ISO or US-style patterns in a ToString call or a column's Format.
    [GeneratedRegex("""(ToString\(|Format=)"(yyyy-|MM/|dd/|M/d)""")]
    private static partial Regex OtherDateFormat();
}
