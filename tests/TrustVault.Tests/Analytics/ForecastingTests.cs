using System.Globalization;
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

    private static readonly double[] Passengers = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Analytics", "Data", "air_passengers.csv"))
        .Skip(1)
        .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))
        .ToArray();

    // R's datasets::LakeHuron, lake level in feet, 1875–1972.
    private static readonly double[] LakeHuron =
    [
        580.38, 581.86, 580.97, 580.8, 579.79, 580.39, 580.42, 580.82, 581.4, 581.32, 581.44, 581.68, 581.17, 580.53, 580.01,
        579.91, 579.14, 579.16, 579.55, 579.67, 578.44, 578.24, 579.1, 579.09, 579.35, 578.82, 579.32, 579.01, 579, 579.8,
        579.83, 579.72, 579.89, 580.01, 579.37, 578.69, 578.19, 578.67, 579.55, 578.92, 578.09, 579.37, 580.13, 580.14,
        579.51, 579.24, 578.66, 578.86, 578.05, 577.79, 576.75, 576.75, 577.82, 578.64, 580.58, 579.48, 577.38, 576.9,
        576.94, 576.24, 576.84, 576.85, 576.9, 577.79, 578.18, 577.51, 577.23, 578.42, 579.61, 579.05, 579.26, 579.22,
        579.38, 579.1, 577.95, 578.12, 579.75, 580.85, 580.41, 579.96, 579.61, 578.76, 578.18, 577.21, 577.13, 579.1, 578.25,
        577.91, 576.89, 575.96, 576.8, 577.68, 578.38, 578.52, 579.74, 579.31, 579.89, 579.96,
    ];

    // R's datasets::BJsales, Box & Jenkins' sales series (150 points, no season).
    private static readonly double[] BoxJenkinsSales =
    [
        200.1, 199.5, 199.4, 198.9, 199, 200.2, 198.6, 200, 200.3, 201.2, 201.6, 201.5, 201.5, 203.5, 204.9, 207.1, 210.5,
        210.5, 209.8, 208.8, 209.5, 213.2, 213.7, 215.1, 218.7, 219.8, 220.5, 223.8, 222.8, 223.8, 221.7, 222.3, 220.8,
        219.4, 220.1, 220.6, 218.9, 217.8, 217.7, 215, 215.3, 215.9, 216.7, 216.7, 217.7, 218.7, 222.9, 224.9, 222.2, 220.7,
        220, 218.7, 217, 215.9, 215.8, 214.1, 212.3, 213.9, 214.6, 213.6, 212.1, 211.4, 213.1, 212.9, 213.3, 211.5, 212.3,
        213, 211, 210.7, 210.1, 211.4, 210, 209.7, 208.8, 208.8, 208.8, 210.6, 211.9, 212.8, 212.5, 214.8, 215.3, 217.5,
        218.8, 220.7, 222.2, 226.7, 228.4, 233.2, 235.7, 237.1, 240.6, 243.8, 245.3, 246, 246.3, 247.7, 247.6, 247.8, 249.4,
        249, 249.9, 250.5, 251.5, 249, 247.6, 248.8, 250.4, 250.7, 253, 253.7, 255, 256.2, 256, 257.4, 260.4, 260, 261.3,
        260.4, 261.6, 260.8, 259.8, 259, 258.9, 257.4, 257.7, 257.9, 257.4, 257.3, 257.6, 258.9, 257.8, 257.7, 257.2, 257.5,
        256.8, 257.5, 257, 257.6, 257.3, 257.5, 259.6, 261.1, 262.9, 263.3, 262.8, 261.8, 262.2, 262.7,
    ];

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

        var forecast = Forecaster.Forecast(BoxJenkinsSales, 5, seasonLength: 1);

        Assert.Equal("ETS(A,Ad,N)", forecast.Model.Name);
        Assert.Equal(0.9638, forecast.Model.Alpha, 0.05);
        Assert.Equal(0.2966, forecast.Model.Beta, 0.05);
        Assert.Equal(0.8735, forecast.Model.Phi, 0.05);
        Assert.True(forecast.Model.LogLikelihood >= -418.2617728 - 0.5, $"log-likelihood {forecast.Model.LogLikelihood} against R's −418.26");
        Assert.All(forecast.Points, p => Assert.Equal(rForecast[p.Step - 1], p.Value, 0.5));
    }

    [Fact]
    public void Air_passengers_get_a_model_at_least_as_good_as_Rs_by_Rs_own_criterion()
    {
        // R: f <- ets(window(AirPassengers, end = c(1959, 12))); f$method; f$aicc   (ETS(M,Ad,M), 1250.511092, MASE 0.749 on 1960)
        // R's simplex stops short of the optimum here; ours goes further and picks ETS(M,A,M).
        var forecast = Forecaster.Forecast(Training, Holdout, Season);

        Assert.Equal((ErrorType.Multiplicative, Seasonality.Multiplicative), (forecast.Model.Form.Error, forecast.Model.Form.Season));
        Assert.True(forecast.Model.Aicc <= 1250.511092 + 0.5, $"AICc {forecast.Model.Aicc} against R's 1250.51");
        var values = forecast.Points.Select(p => p.Value).ToArray();
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
        var forecast = Forecaster.Forecast(LakeHuron, 5, seasonLength: 1);

        Assert.Equal("ETS(A,N,N)", forecast.Model.Name);
        Assert.Equal(Seasonality.None, forecast.Model.Form.Season);
        Assert.Empty(forecast.Model.Seasonals);
        Assert.InRange(forecast.Model.Alpha, 0.98, 0.9999);
        Assert.InRange(forecast.Model.LogLikelihood, -195.3388674 - 0.5, -195.3388674 + 2);
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
        Assert.Equal(Seasonality.None, Forecaster.Forecast(series, 12, Season).Model.Form.Season);
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

        Assert.InRange(inside80 / (double)total, 0.72, 0.88);
        Assert.InRange(inside95 / (double)total, 0.90, 0.99);
    }

    [Fact]
    public void Forecasts_and_simulated_intervals_are_deterministic()
    {
        var first = Forecaster.Forecast(Training, 24, Season);
        var second = Forecaster.Forecast(Training, 24, Season);

        Assert.False(first.Model.Form.IsLinear);
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

        Assert.InRange(forecast.Model.Alpha, 1e-4, 0.9999);
        Assert.True(double.IsFinite(forecast.Model.Aicc));
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
