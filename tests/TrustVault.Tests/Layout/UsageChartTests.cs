using Bunit;
using TrustVault.Core.Metering;
using TrustVault.Tests.Infrastructure;
using TrustVault.Web.Components.Shared;

namespace TrustVault.Tests.Layout;

public sealed class UsageChartTests : MudBunitContext
{
    private static IReadOnlyList<DailyUsage> Days(int count) =>
        Enumerable.Range(1, count).Select(day => new DailyUsage(new DateOnly(2026, 11, day), Guid.Empty, "Skycast Weather", day, 0)).ToList();

    [Theory]
    [InlineData(7, false)]
    [InlineData(30, true)]
    public void A_month_of_days_thins_its_axis_on_a_phone_and_a_week_does_not(int days, bool thinned)
    {
        var chart = Render<UsageChart>(parameters => parameters.Add(c => c.Daily, Days(days)));

        Assert.Equal(thinned, chart.Find(".mud-chart").ClassList.Contains("dense-axis"));
    }

    [Fact]
    public void A_screen_reader_hears_the_chart_as_one_image_named_with_its_period_and_total()
    {
        var chart = Render<UsageChart>(parameters => parameters.Add(c => c.Daily, Days(3)));

        var figure = chart.Find("[role=img]");
        Assert.Equal("Calls per day, 1 Nov 2026 to 3 Nov 2026: 6 calls", figure.GetAttribute("aria-label"));
        Assert.NotNull(figure.QuerySelector("svg"));
    }

    [Fact]
    public void Days_without_calls_between_two_with_calls_stand_on_the_axis()
    {
        IReadOnlyList<DailyUsage> sparse = [new(new DateOnly(2026, 11, 25), Guid.Empty, "Skycast Weather", 3, 0), new(new DateOnly(2026, 11, 28), Guid.Empty, "Skycast Weather", 5, 0)];

        Assert.Equal([25, 26, 27, 28], UsageChart.AxisDays(sparse).Select(d => d.Day));
    }
}
