using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// The ETS engine held to R's <c>forecast::ets</c> (forecast 8.x on Debian 12's R 4.2, the figures committed below with
/// the commands that produced them) and to the coverage its intervals promise on data simulated from known models.
/// </summary>
public sealed class ForecastingTests
{
    private const int Season = 12;
    private const int Holdout = 12;

    private static double[] Passengers => RSeries.Passengers;

    private static double[] LakeHuron => RSeries.LakeHuron;

    private static double[] BoxJenkinsSales => RSeries.BoxJenkinsSales;

    private static double[] Training => Passengers[..^Holdout];

    private static double[] Test => Passengers[^Holdout..];

    [Fact]
    public void The_reference_data_is_the_144_month_series()
    {
        Assert.Equal(144, Passengers.Length);
        Assert.Equal((112, 432), (Passengers[0], Passengers[^1]));
        Assert.Equal((98, 150), (LakeHuron.Length, BoxJenkinsSales.Length));
    }

    [Fact]
    public void Seasonal_naive_on_the_held_out_year_matches_the_published_scores()
    {
        var forecast = ForecastAccuracy.SeasonalNaive(Training, Holdout, Season);

        Assert.Equal(10.6, ForecastAccuracy.SymmetricMape(Test, forecast), precision: 1);
        Assert.Equal(1.57, ForecastAccuracy.Mase(Training, Test, forecast, Season), precision: 2);
    }

    [Fact]
    public void The_likelihood_at_Rs_estimates_is_Rs_likelihood()
    {
        // R: f <- ets(window(AirPassengers, end = c(1959, 12))); f$par; f$loglik
        // R lists the seasonal states newest first (s0 = December 1948 … s10 = February); January closes the sum to 12.
        double[] rSeasonals = [0.8970476642, 0.7980436569, 0.9190177164, 1.058714422, 1.215571311, 1.225056240, 1.107488311, 0.9781688615, 0.9803688087, 1.020673247, 0.8925557661];
        var seasonals = new double[Season];
        seasonals[0] = Season - rSeasonals.Sum();
        for (var k = 1; k < Season; k++)
        {
            seasonals[k] = rSeasonals[Season - 1 - k];
        }

        var form = new EtsForm(ErrorType.Multiplicative, TrendType.AdditiveDamped, Seasonality.Multiplicative);
        var weights = new EtsWeights(0.7580163466, 0.02129610865, 0.0001059296710, 0.9799996578);

        var run = Ets.Filter(Training, Season, form, weights, 120.7482752, 1.763212488, seasonals);

        Assert.Equal(-604.2289971, -0.5 * run.Likelihood, precision: 4);
    }

    [Fact]
    public void Box_Jenkins_sales_get_the_model_and_weights_R_chooses()
    {
        // R: f <- ets(ts(as.numeric(BJsales))); f$method; f$par; f$loglik; forecast(f, h = 5)$mean
        double[] rForecast = [262.8377353, 262.9732574, 263.0916384, 263.1950464, 263.2853753];

        var forecast = Forecaster.Forecast(BoxJenkinsSales, 5, seasonLength: 1, Seasonality.None);

        Assert.Equal((ForecastMethod.Ets, "ETS(A,Ad,N)"), (forecast.Method, forecast.Name));
        Assert.Equal(0.9638, forecast.Ets.Alpha, 0.05);
        Assert.Equal(0.2966, forecast.Ets.Beta, 0.05);
        Assert.Equal(0.8735, forecast.Ets.Phi, 0.05);
        Assert.True(forecast.Ets.LogLikelihood >= -418.2617728 - 0.5, $"log-likelihood {forecast.Ets.LogLikelihood} against R's −418.26");
        Assert.All(forecast.Points, p => Assert.Equal(rForecast[p.Step - 1], p.Value, 0.5));
    }

    [Fact]
    public void Air_passengers_get_a_model_at_least_as_good_as_Rs_by_Rs_own_criterion()
    {
        // R: f <- ets(window(AirPassengers, end = c(1959, 12))); f$method; f$aicc   (ETS(M,Ad,M), 1250.511092, MASE 0.749 on 1960)
        // R's simplex stops short of the optimum here; ours goes further and picks ETS(M,A,M).
        var model = Ets.Select(Training, Season);

        Assert.Equal((ErrorType.Multiplicative, Seasonality.Multiplicative), (model.Form.Error, model.Form.Season));
        Assert.True(model.Aicc <= 1250.511092 + 0.5, $"AICc {model.Aicc} against R's 1250.51");
        var values = model.Forecast(Holdout);
        Assert.True(ForecastAccuracy.Mase(Training, Test, values, Season) < 0.749, "R's ets scores MASE 0.749 on 1960; seasonal naive 1.57");
    }

    [Theory]
    // R: ets(window(AirPassengers, end = c(1959, 12)), model = "MAM", damped = FALSE)$loglik
    [InlineData(ErrorType.Multiplicative, Seasonality.Multiplicative, -611.7865198)]
    // R: ets(window(AirPassengers, end = c(1959, 12)), model = "AAA", damped = FALSE)$loglik
    [InlineData(ErrorType.Additive, Seasonality.Additive, -683.294231)]
    public void A_given_form_reaches_Rs_maximum_likelihood(ErrorType error, Seasonality season, double rLogLikelihood)
    {
        var model = Ets.Fit(Training, Season, new EtsForm(error, TrendType.Additive, season));

        // Both maximise the same function (The_likelihood_at_Rs_estimates_is_Rs_likelihood), so ours must reach R's maximum.
        Assert.True(model.LogLikelihood >= rLogLikelihood - 0.5, $"log-likelihood {model.LogLikelihood} against R's {rLogLikelihood}");
    }

    [Fact]
    public void An_annual_series_gets_a_non_seasonal_model_as_in_R()
    {
        // R: f <- ets(LakeHuron); f$method; f$par; f$loglik; forecast(f, h = 5)$mean
        var forecast = Forecaster.Forecast(LakeHuron, 5, seasonLength: 1, Seasonality.None);

        Assert.Equal("ETS(A,N,N)", forecast.Name);
        Assert.Equal(Seasonality.None, forecast.Ets.Form.Season);
        Assert.Empty(forecast.Ets.Seasonals);
        Assert.InRange(forecast.Ets.Alpha, 0.98, 0.9999);
        Assert.InRange(forecast.Ets.LogLikelihood, -195.3388674 - 0.5, -195.3388674 + 2);
        Assert.All(forecast.Points, p => Assert.Equal(579.96, p.Value, precision: 1));
        // Class 1: the h-step standard deviation is σ·√(1 + (h − 1)α²), R's sigma2 0.5611.
        Assert.Equal(1.96 * Math.Sqrt(0.5611086645 * 5), forecast.Points[4].Interval95.Upper - forecast.Points[4].Value, precision: 1);
    }

    [Fact]
    public void A_series_without_a_season_gets_no_seasonal_model_even_when_asked_for_a_season_length()
    {
        var random = new Random(5);
        var series = Enumerable.Range(0, 120).Select(_ => 50 + (4 * Normal(random))).ToArray();

        Assert.False(Ets.SeasonalityTest(series, Season));
        Assert.All(Ets.Candidates(series, Season, seasonality: null), form => Assert.Equal(Seasonality.None, form.Season));
        var forecast = Forecaster.Forecast(series, 12, Season);
        Assert.Equal(Seasonality.None, forecast.Ets.Form.Season);
        Assert.Equal((1, 0, 0), (forecast.Arima!.Order.SeasonLength, forecast.Arima.Order.SeasonalP + forecast.Arima.Order.SeasonalQ, forecast.Arima.Order.SeasonalD));
        Assert.True(Ets.SeasonalityTest(Training, Season));
    }

    [Fact]
    public void Only_the_forms_R_tries_are_candidates()
    {
        var positive = Ets.Candidates(Training, Season, seasonality: null);
        var withZero = Ets.Candidates([.. Training[..^1], 0], Season, seasonality: null);

        Assert.Equal(15, positive.Count);
        Assert.DoesNotContain(positive, f => f.Error == ErrorType.Additive && f.Season == Seasonality.Multiplicative);
        Assert.Equal(6, withZero.Count);
        Assert.All(withZero, f => Assert.True(f.Error == ErrorType.Additive && f.Season != Seasonality.Multiplicative));
    }

    [Theory]
    [InlineData(ErrorType.Additive, Seasonality.Additive)]
    [InlineData(ErrorType.Multiplicative, Seasonality.Multiplicative)]
    public void Intervals_cover_data_simulated_from_the_model_at_their_level(ErrorType error, Seasonality season)
    {
        // 60 series of 60 quarters from ETS(·,N,·) with known weights; the forecaster chooses and fits its own model,
        // so the coverage includes estimation error, as it will on real data. Seeded: the same draws on every run.
        const int series = 60, length = 60, horizon = 4, m = 4;
        var random = new Random(11);
        int inside80 = 0, inside95 = 0, total = 0;
        for (var i = 0; i < series; i++)
        {
            var path = Simulate(random, error, season, length + horizon, m);
            var forecast = Forecaster.Forecast(path[..length], horizon, m);
            for (var h = 0; h < horizon; h++)
            {
                var actual = path[length + h];
                var point = forecast.Points[h];
                inside80 += actual >= point.Interval80.Lower && actual <= point.Interval80.Upper ? 1 : 0;
                inside95 += actual >= point.Interval95.Lower && actual <= point.Interval95.Upper ? 1 : 0;
                total++;
            }
        }

        // Above 0.80 by design: the answer's intervals are the candidates' mixture, which holds every candidate's value
        // (87.1–88.3% at 80% here); the bound catches intervals far too wide.
        Assert.InRange(inside80 / (double)total, 0.72, 0.90);
        Assert.InRange(inside95 / (double)total, 0.90, 0.99);
    }

    [Fact]
    public void A_fit_rerun_over_its_own_series_is_the_same_model()
    {
        // The backtest of long series reruns the full fit's weights from its initial state over each origin's prefix.
        var model = Ets.Fit(Training, Season, new EtsForm(ErrorType.Multiplicative, TrendType.AdditiveDamped, Seasonality.Multiplicative));

        var rerun = Ets.Refilter(model, Training);

        Assert.Equal(model.Forecast(24), rerun.Forecast(24));
        Assert.Equal(model.Sigma2, rerun.Sigma2);
        Assert.Equal(model.Aicc, rerun.Aicc);
        Assert.NotEqual(model.Forecast(12), Ets.Refilter(model, Training[..^12]).Forecast(12));
    }

    [Fact]
    public void Forecasts_and_simulated_intervals_are_deterministic()
    {
        var first = Forecaster.Forecast(Training, 24, Season, Seasonality.Multiplicative);
        var second = Forecaster.Forecast(Training, 24, Season, Seasonality.Multiplicative);

        Assert.False(first.Ets.Form.IsLinear);
        Assert.Equal(first.Points, second.Points);
        Assert.All(first.Points, p =>
        {
            Assert.True(p.Interval95.Lower < p.Interval80.Lower && p.Interval80.Lower < p.Value);
            Assert.True(p.Value < p.Interval80.Upper && p.Interval80.Upper < p.Interval95.Upper);
        });
        Assert.True(first.Points[23].Interval95.Upper - first.Points[23].Interval95.Lower > first.Points[0].Interval95.Upper - first.Points[0].Interval95.Lower);
    }

    [Fact]
    public void Values_spread_over_many_orders_of_magnitude_still_give_a_model()
    {
        // The simplex is still moving after its iteration budget here (Math.NET then throws); the best fit tried is kept.
        var random = new Random(3);
        var series = Enumerable.Range(0, 48).Select(_ => Math.Exp((random.NextDouble() * 40) - 20)).ToArray();

        var forecast = Forecaster.Forecast(series, 6, Season);

        Assert.InRange(forecast.Ets.Alpha, 1e-4, 0.9999);
        Assert.True(double.IsFinite(forecast.Ets.Aicc));
        Assert.All(forecast.Points, p => Assert.True(double.IsFinite(p.Value) && double.IsFinite(p.Interval95.Lower) && double.IsFinite(p.Interval95.Upper)));
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(1e9)]
    public void A_forecast_is_the_same_in_any_unit(double unit)
    {
        // AirPassengers answers by a multiplicative ETS, LakeHuron by an ARIMA whose differences a unit-root test chose:
        // in nanoseconds or in billions each must get the same models and the same forecast in that unit.
        foreach (var (series, horizon, m) in new[] { (Training, Holdout, Season), (LakeHuron, 10, 1) })
        {
            var reference = Forecaster.Forecast(series, horizon, m);
            var scaled = Forecaster.Forecast([.. series.Select(v => v * unit)], horizon, m);

            Assert.Equal((reference.Name, reference.Ets.Name, reference.Arima!.Name), (scaled.Name, scaled.Ets.Name, scaled.Arima!.Name));
            Assert.All(reference.Points.Zip(scaled.Points), p =>
            {
                double[] expected = [p.First.Value, p.First.Interval80.Lower, p.First.Interval80.Upper, p.First.Interval95.Lower, p.First.Interval95.Upper];
                double[] actual = [p.Second.Value, p.Second.Interval80.Lower, p.Second.Interval80.Upper, p.Second.Interval95.Lower, p.Second.Interval95.Upper];
                Assert.All(expected.Zip(actual), v => Assert.Equal(1, v.Second / unit / v.First, 1e-4));
            });
        }
    }

    [Fact]
    public void Series_too_short_for_their_season_or_multiplicative_with_zeros_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Forecaster.Forecast(Training[..20], 3, Season));
        Assert.Throws<ArgumentException>(() => Forecaster.Forecast(Training[..3], 3, 1));
        Assert.Throws<ArgumentException>(() => Forecaster.Forecast(Training, 3, 0));
        Assert.Throws<ArgumentException>(() => Forecaster.Forecast([.. Training[..^1], 0], 3, Season, Seasonality.Multiplicative));
    }

    private static double[] Simulate(Random random, ErrorType error, Seasonality season, int length, int m)
    {
        // ETS(A,N,A) with α 0.3, γ 0.1, σ 2 around 100; ETS(M,N,M) with the same weights and σ 3% of the level.
        double level = 100;
        double[] seasonals = season == Seasonality.Additive ? [8, -3, -9, 4] : [1.08, 0.97, 0.91, 1.04];
        var y = new double[length];
        for (var t = 0; t < length; t++)
        {
            var s = seasonals[t % m];
            if (error == ErrorType.Additive)
            {
                var e = 2 * Normal(random);
                y[t] = level + s + e;
                level += 0.3 * e;
                seasonals[t % m] = s + (0.1 * e);
            }
            else
            {
                var e = 0.03 * Normal(random);
                y[t] = level * s * (1 + e);
                level *= 1 + (0.3 * e);
                seasonals[t % m] = s * (1 + (0.1 * e));
            }
        }

        return y;
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
