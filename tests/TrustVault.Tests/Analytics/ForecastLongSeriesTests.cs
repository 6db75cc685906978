using System.Text.Json;
using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// Long series: backtested by rerunning the full fits past <see cref="Forecaster.RefitUpTo"/> points, their ARIMA orders
/// searched on the last points only. Every figure the API writes must stay finite (System.Text.Json refuses infinity,
/// and the API answered 422 to ordinary 1,000-point monthly series when the refitted ARIMA's AICc was infinite).
/// </summary>
public sealed class ForecastLongSeriesTests
{
    [Theory]
    [InlineData(Forecaster.RefitUpTo)]
    [InlineData(Forecaster.RefitUpTo + 1)]
    [InlineData(500)]
    [InlineData(1_000)]
    public void A_trending_seasonal_series_of_any_length_forecasts_finite_values_inside_finite_intervals(int length)
    {
        var random = new Random(7);
        var series = Enumerable.Range(0, length)
            .Select(t => 100 + (0.05 * t) + (10 * Math.Sin(2 * Math.PI * t / 12)) + (2 * Normal(random)))
            .ToArray();

        var forecast = Forecaster.Forecast(series, 12, 12);

        // The API writes the model, its parameters and the backtest as well: System.Text.Json refuses a non-finite number.
        JsonSerializer.Serialize(forecast);

        Assert.All(forecast.Points, p =>
        {
            Assert.True(double.IsFinite(p.Value) && double.IsFinite(p.Interval95.Lower) && double.IsFinite(p.Interval95.Upper), $"step {p.Step}: {p}");
            Assert.InRange(p.Value, p.Interval95.Lower, p.Interval95.Upper);
            // The series runs about 100 + 0.05 t ± 12: a forecast far outside that is a broken model, not a forecast.
            Assert.InRange(p.Value, 80 + (0.05 * length), 120 + (0.05 * (length + 12)));
        });
    }

    [Fact]
    public void A_seasonal_ma_near_minus_one_refitted_to_the_whole_series_still_reports_its_aicc()
    {
        // A strong, steady season: the search window's ARIMA has a seasonal MA near −0.92, whose twelfth roots lie within
        // 1% of the unit circle; its AICc was written as infinity and the API answered 422 for every series of this kind.
        var random = new Random(11);
        var series = Enumerable.Range(0, 1_000)
            .Select(t => 100 + (0.05 * t) + (10 * Math.Sin(2 * Math.PI * t / 12)) + (2 * Normal(random)))
            .ToArray();

        var forecast = Forecaster.Forecast(series, 12, 12);

        Assert.True(forecast.Arima is { } arima && double.IsFinite(arima.Aicc), forecast.Arima?.ToString());
        JsonSerializer.Serialize(forecast);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
