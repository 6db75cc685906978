using System.Globalization;
using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Tests.Analytics;

public sealed class ForecastingTests
{
    private const int Season = 12;
    private const int Holdout = 12;

    private static readonly double[] Passengers = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "air_passengers.csv"))
        .Skip(1)
        .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))
        .ToArray();

    private static double[] Training => Passengers[..^Holdout];

    private static double[] Test => Passengers[^Holdout..];

    [Fact]
    public void The_reference_data_is_the_144_month_series()
    {
        Assert.Equal(144, Passengers.Length);
        Assert.Equal((112, 432), (Passengers[0], Passengers[^1]));
    }

    [Fact]
    public void Seasonal_naive_on_the_held_out_year_matches_the_published_scores()
    {
        var forecast = ForecastAccuracy.SeasonalNaive(Training, Holdout, Season);

        Assert.Equal(10.6, ForecastAccuracy.SymmetricMape(Test, forecast), precision: 1);
        Assert.Equal(1.57, ForecastAccuracy.Mase(Training, Test, forecast, Season), precision: 2);
    }

    [Fact]
    public void Holt_Winters_beats_seasonal_naive_by_a_wide_margin()
    {
        var forecast = Forecaster.Forecast(Training, Holdout, Season);
        var values = forecast.Points.Select(p => p.Value).ToArray();

        var smape = ForecastAccuracy.SymmetricMape(Test, values);
        var mase = ForecastAccuracy.Mase(Training, Test, values, Season);

        Assert.Equal(Seasonality.Multiplicative, forecast.Model.Seasonality);
        Assert.True(smape < 3.0, $"sMAPE {smape:0.00} (published ≈ 2.4; seasonal-naive 10.6)");
        Assert.True(mase < 0.45, $"MASE {mase:0.00} (published ≈ 0.38; seasonal-naive 1.57)");
    }

    [Fact]
    public void Prediction_intervals_widen_with_the_horizon_and_the_95_interval_holds_the_80()
    {
        var forecast = Forecaster.Forecast(Training, 24, Season);

        Assert.All(forecast.Points, p =>
        {
            Assert.True(p.Interval95.Lower < p.Interval80.Lower && p.Interval80.Lower < p.Value);
            Assert.True(p.Value < p.Interval80.Upper && p.Interval80.Upper < p.Interval95.Upper);
        });
        var width = forecast.Points.Select(p => (p.Interval95.Upper - p.Interval95.Lower) / p.Value).ToArray();
        Assert.True(width[23] > width[0]);
        var covered = Test.Where((actual, i) => actual >= forecast.Points[i].Interval95.Lower && actual <= forecast.Points[i].Interval95.Upper).Count();
        Assert.True(covered >= 10, $"{covered} of 12 held-out months inside the 95% interval");
    }

    [Fact]
    public void Fitting_is_deterministic()
    {
        var first = HoltWinters.Fit(Training, Season, Seasonality.Multiplicative);
        var second = HoltWinters.Fit(Training, Season, Seasonality.Multiplicative);

        Assert.Equal(first with { Seasonals = [] }, second with { Seasonals = [] });
        Assert.Equal(first.Seasonals, second.Seasonals);
        Assert.InRange(first.Alpha, 0, 1);
        Assert.InRange(first.Beta, 0, 1);
        Assert.InRange(first.Gamma, 0, 1);
    }

    [Fact]
    public void A_search_that_runs_out_of_iterations_keeps_the_best_weights_it_tried()
    {
        // Values spread over seventeen orders of magnitude: the simplex is still moving after its 2,000 iterations
        // (Math.NET then throws), and the weights it starts from leave an SSE of 4.0e38.
        var random = new Random(3);
        var series = Enumerable.Range(0, 48).Select(_ => Math.Exp((random.NextDouble() * 40) - 20)).ToArray();

        var model = HoltWinters.Fit(series, Season, Seasonality.Multiplicative);

        Assert.InRange(model.Sse, 0, 1e31);
        Assert.InRange(model.Alpha, 0, 1);
        Assert.InRange(model.Beta, 0, 1);
        Assert.InRange(model.Gamma, 0, 1);
    }

    [Fact]
    public void Series_shorter_than_two_seasons_or_multiplicative_with_zeros_are_refused()
    {
        Assert.Throws<ArgumentException>(() => HoltWinters.Fit(Training[..20], Season, Seasonality.Additive));
        Assert.Throws<ArgumentException>(() => HoltWinters.Fit([.. Training[..^1], 0], Season, Seasonality.Multiplicative));
    }
}
