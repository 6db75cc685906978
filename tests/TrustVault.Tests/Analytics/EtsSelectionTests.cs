using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Tests.Analytics;

/// <summary>The ETS forms' Akaike weights and their weighted forecast (Burnham and Anderson 2002; Kolassa 2011).</summary>
public sealed class EtsSelectionTests
{
    private static readonly EtsForm Simple = new(ErrorType.Additive, TrendType.None, Seasonality.None);

    [Fact]
    public void Forms_are_weighted_by_their_akaike_weights_and_one_without_an_aicc_takes_none()
    {
        // AICc 10 and 12: weights 1 / (1 + e^−1) and e^−1 / (1 + e^−1); flat forecasts at 100 and 200.
        var selection = new EtsSelection([Flat(200, aicc: 12), Flat(100, aicc: 10), Flat(1_000, aicc: double.PositiveInfinity)]);

        var low = 1 / (1 + Math.Exp(-1));
        Assert.Equal(100, selection.Best.Level);
        Assert.Equal([1 - low, low, 0], selection.Weights, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.All(selection.Forecast(3), v => Assert.Equal((100 * low) + (200 * (1 - low)), v, 9));
    }

    [Fact]
    public void Without_any_aicc_the_first_form_answers_alone()
    {
        var selection = new EtsSelection([Flat(7, aicc: double.PositiveInfinity), Flat(9, aicc: double.PositiveInfinity)]);

        Assert.Equal(7, selection.Best.Level);
        Assert.Equal([1.0, 0.0], selection.Weights);
        Assert.Equal([7.0, 7.0], selection.Forecast(2));
    }

    [Fact]
    public void Forms_close_in_aicc_share_the_forecast_so_it_lies_between_theirs()
    {
        // nhtemp's first 50 years: ETS(A,A,N) has the lowest AICc (217.05), ETS(A,N,N) is 2.3 above it (R's own figures,
        // bench/README.md's fifth pass), so the trend's form holds about three quarters of the weight between the two.
        var training = RSeries.NewHavenTemperature[..50];

        var selection = Ets.SelectAll(training, 1);

        Assert.Equal("ETS(A,A,N)", selection.Best.Name);
        Assert.Equal(6, selection.Fits.Count);
        Assert.Equal(1, selection.Weights.Sum(), 12);
        var level = selection.Weights[Index(selection, "ETS(A,N,N)")];
        Assert.InRange(level, 0.05, 0.5);
        var best = selection.Best.Forecast(10);
        var weighted = selection.Forecast(10);
        var flat = selection.Fits[Index(selection, "ETS(A,N,N)")].Forecast(10);
        Assert.All(Enumerable.Range(0, 10), h => Assert.InRange(weighted[h], Math.Min(flat[h], best[h]) - 0.2, Math.Max(flat[h], best[h]) + 0.2));
        Assert.True(Math.Abs(weighted[9] - best[9]) > 0.05, "the other forms move the tenth year's forecast");
    }

    [Fact]
    public void An_ets_only_forecast_answers_with_the_weighted_forms_and_the_best_forms_interval_widths()
    {
        var training = RSeries.NewHavenTemperature[..50];

        var forecast = Forecaster.Forecast(training, 10, 1, Seasonality.None);

        var weighted = forecast.EtsForms.Forecast(10);
        var own = forecast.Ets.Forecast(10);
        Assert.Equal(weighted, forecast.Points.Select(p => p.Value));
        Assert.NotEqual(own, forecast.Points.Select(p => p.Value));
        Assert.All(forecast.Points, p => Assert.True(p.Interval80.Lower < p.Value && p.Value < p.Interval80.Upper));
    }

    private static int Index(EtsSelection selection, string name) => selection.Fits.Select(f => f.Name).ToList().IndexOf(name);

    private static EtsModel Flat(double level, double aicc) => new(Simple, 1, 0.5, 0, 0, 1, level, 0, [], 1, 0, aicc);
}
