using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Layout;

public sealed class ChartAxesTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(12.5, "12.5")]
    [InlineData(950, "950")]
    [InlineData(1_000, "1k")]
    [InlineData(1_250, "1.3k")]
    [InlineData(-40_000, "-40k")]
    [InlineData(3_400_000, "3.4M")]
    public void Ticks_are_written_short(double value, string expected)
    {
        Assert.Equal(expected, ChartAxes.Short(value));
    }

    [Fact]
    public void The_value_axis_is_titled_and_has_few_ticks()
    {
        var line = ChartAxes.Line("USD", 12);
        var bars = ChartAxes.Bars("Calls a day", 30);

        Assert.Equal(("USD", "Calls a day"), (line.YAxisTitle, bars.YAxisTitle));
        Assert.InRange(line.MaxNumYAxisTicks, 2, 8);
        Assert.Equal(line.MaxNumYAxisTicks, bars.MaxNumYAxisTicks);
        Assert.Equal("1.3k", line.YAxisToStringFunc!(1_250));
    }

    [Fact]
    public void Labels_tilt_only_when_too_many_to_stand_side_by_side()
    {
        Assert.Equal((0, 45), (ChartAxes.StackedBars("USD", 6).XAxisLabelRotation, ChartAxes.StackedBars("USD", 12).XAxisLabelRotation));
        Assert.Equal((0, 45), (ChartAxes.Line("USD", 6).XAxisLabelRotation, ChartAxes.Line("USD", 24).XAxisLabelRotation));
        Assert.Equal((0, 45), (ChartAxes.Bars("Calls a day", 7).XAxisLabelRotation, ChartAxes.Bars("Calls a day", 30).XAxisLabelRotation));
    }
}
