using System.Globalization;
using MudBlazor;

namespace TrustVault.Web.Components.Shared;

/// <summary>
/// The axes every chart shares: a titled value axis with a few rounded ticks (MudBlazor's default draws up to twenty,
/// which crowd into each other on a card), values written short ("1.2k"), and a chart that follows its card's width.
/// </summary>
public static class ChartAxes
{
    private const int MaxValueTicks = 6;
    private const int UprightLabels = 8;
    private const int PhoneLabels = 12;

    /// <summary>A line over <paramref name="labels"/> points: more than <see cref="UprightLabels"/> labels are tilted to stay apart.</summary>
    public static LineChartOptions Line(string valueTitle, int labels) => new()
    {
        XAxisLabelRotation = Rotation(labels),
        YAxisTitle = valueTitle,
        MaxNumYAxisTicks = MaxValueTicks,
        YAxisToStringFunc = Short,
        YAxisRequireZeroPoint = true,
        ShowDataMarkers = true,
    };

    /// <summary>Bars over <paramref name="labels"/> categories: more than <see cref="UprightLabels"/> labels are tilted to stay apart.</summary>
    public static BarChartOptions Bars(string valueTitle, int labels) => new()
    {
        XAxisLabelRotation = Rotation(labels),
        YAxisTitle = valueTitle,
        MaxNumYAxisTicks = MaxValueTicks,
        YAxisToStringFunc = Short,
        BarWidthRatio = 0.9,
    };

    /// <summary>
    /// One bar a label, its series stacked: gains above zero and losses below, as MRR movements are read. Bars sit at even
    /// steps with no margin at the ends, so more than <see cref="UprightLabels"/> labels are tilted to stay apart.
    /// </summary>
    public static StackedBarChartOptions StackedBars(string valueTitle, int labels) => new()
    {
        XAxisLabelRotation = Rotation(labels),
        YAxisTitle = valueTitle,
        MaxNumYAxisTicks = MaxValueTicks,
        YAxisToStringFunc = Short,
        BarWidthRatio = 0.6,
        ShowZeroValues = false,
    };

    /// <summary>
    /// The chart's class when its labels are too many for a phone even tilted: app.css then shows every fourth there, the
    /// bars of the days between standing in order under no label of their own.
    /// </summary>
    public static string? PhoneAxisClass(int labels) => labels > PhoneLabels ? "dense-axis" : null;

    // A month of days upright runs its labels into each other ("6 N7 Nov8 N") on a desktop card, and more so on a phone.
    private static int Rotation(int labels) => labels > UprightLabels ? 45 : 0;

    /// <summary>A tick's value in at most four characters and a suffix: 950, 1.2k, 3.4M.</summary>
    public static string Short(double value) => Math.Abs(value) switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
