using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// ARIMA and Theta held to R (forecast 8.20, urca 1.3 on Debian 12's R 4.2.2; each figure's command beside it), and the
/// forecaster's choice among ETS, ARIMA, Theta and their mean held to its own backtest.
/// </summary>
public sealed class ArimaTests
{
    private static double[] AirPassengersTraining => RSeries.Passengers[..^12];

    [Fact]
    public void A_non_seasonal_fit_reaches_Rs_conditional_sum_of_squares_estimates()
    {
        // R: f <- arima(LakeHuron, order = c(2, 0, 0), method = "CSS"); f$coef; f$loglik; f$sigma2
        var model = Arima.Fit(RSeries.LakeHuron, new ArimaOrder(2, 0, 0, 0, 0, 0, 1, Constant: true), ArimaEstimation.ConditionalSumOfSquares);

        Assert.Equal("ARIMA(2,0,0) with non-zero mean", model.Name);
        Assert.Equal(1.0217320702, model.Ar[0], 0.005);
        Assert.Equal(-0.2375738612, model.Ar[1], 0.005);
        Assert.Equal(578.8936980049, model.Constant, 0.05);
        Assert.Equal(-100.3590545, model.LogLikelihood, 0.01);
        Assert.Equal(0.4539659437, model.Sigma2, 0.001);
    }

    [Fact]
    public void The_airline_model_gets_Rs_coefficients_forecasts_and_intervals()
    {
        // R: g <- arima(window(AirPassengers, end = c(1959, 12)), order = c(0, 1, 1), seasonal = c(0, 1, 1), method = "CSS")
        //    g$coef; g$loglik; g$sigma2; forecast(g, h = 3)$mean; forecast(g, h = 3)$upper
        double[] rMean = [422.9126121, 404.6264882, 466.9358768];
        double[] rUpper95 = [443.3468286, 430.5790166, 497.4237476];

        var model = Arima.Fit(AirPassengersTraining, new ArimaOrder(0, 1, 1, 0, 1, 1, 12, Constant: false), ArimaEstimation.ConditionalSumOfSquares);
        var (values, deviations) = model.Forecast(3);

        Assert.Equal("ARIMA(0,1,1)(0,1,1)[12]", model.Name);
        Assert.Equal(-0.21703547441, model.Ma[0], 0.005);
        Assert.Equal(-0.08828647114, model.SeasonalMa[0], 0.005);
        Assert.Equal(-447.8235618, model.LogLikelihood, 0.01);
        Assert.Equal(108.6975603, model.Sigma2, 0.1);
        for (var h = 0; h < 3; h++)
        {
            Assert.Equal(rMean[h], values[h], 0.1);
            Assert.Equal(rUpper95[h], values[h] + (1.959963984540054 * deviations[h]), 0.1);
        }
    }

    [Fact]
    public void The_exact_likelihood_at_given_coefficients_is_Rs()
    {
        // R: f <- Arima(LakeHuron, order = c(2, 0, 0), method = "ML", fixed = c(1.0, -0.25, 579), transform.pars = FALSE)
        //    f$loglik; f$sigma2
        var lake = RSeries.LakeHuron.Select(v => v - 579).ToArray();
        var (lakeLikelihood, lakeSigma2) = ExactLikelihood(lake, [1, -1.0, 0.25], [1]);

        Assert.Equal(-103.985480571, lakeLikelihood, 1e-6);
        Assert.Equal(0.483131441327, lakeSigma2, 1e-8);

        // R: g <- Arima(window(AirPassengers, end = c(1959, 12)), order = c(0, 1, 1), seasonal = c(0, 1, 1),
        //    method = "ML", fixed = c(-0.3, -0.1), transform.pars = FALSE); g$loglik; g$sigma2
        // R filters the undifferenced series from a diffuse state (κ = 10⁶) and so agrees to about five digits.
        var airline = Arima.Difference(Arima.Difference(AirPassengersTraining, 12), 1);
        var (airlineLikelihood, airlineSigma2) = ExactLikelihood(airline, [1], Arima.Multiply([1, -0.3], Arima.MaPolynomial([-0.1], 12)));

        Assert.Equal(-448.3252311, airlineLikelihood, 1e-3);
        Assert.Equal(109.421784168, airlineSigma2, 0.01);
    }

    [Fact]
    public void Maximum_likelihood_fits_reach_Rs_estimates()
    {
        // R: Arima(LakeHuron, order = c(2, 0, 0), method = "ML"): coef, loglik, sigma2, aicc
        var lake = Arima.Fit(RSeries.LakeHuron, new ArimaOrder(2, 0, 0, 0, 0, 0, 1, Constant: true));

        Assert.Equal(ArimaEstimation.MaximumLikelihood, lake.Estimation);
        Assert.Equal(1.043610749299, lake.Ar[0], 0.005);
        Assert.Equal(-0.249493314354, lake.Ar[1], 0.005);
        Assert.Equal(579.047263842205, lake.Constant, 0.05);
        Assert.Equal(-103.633222538, lake.LogLikelihood, 0.001);
        Assert.Equal(0.493941279789, lake.Sigma2, 0.0005);
        Assert.Equal(215.696552604, lake.Aicc, 0.002);

        // R: Arima(BJsales, order = c(1, 1, 1), include.drift = TRUE, method = "ML")
        var sales = Arima.Fit(RSeries.BoxJenkinsSales, new ArimaOrder(1, 1, 1, 0, 0, 0, 1, Constant: true));

        Assert.Equal(0.838254267316, sales.Ar[0], 0.005);
        Assert.Equal(-0.609790888956, sales.Ma[0], 0.005);
        Assert.Equal(0.400396131219, sales.Constant, 0.005);
        Assert.Equal(-253.391875855, sales.LogLikelihood, 0.001);
        Assert.Equal(1.78996217727, sales.Sigma2, 0.002);
    }

    [Fact]
    public void Maximum_likelihood_fits_of_seasonal_models_reach_Rs_estimates_and_forecasts()
    {
        // R: a <- Arima(window(AirPassengers, end = c(1959, 12)), order = c(0, 1, 1), seasonal = c(0, 1, 1), method = "ML")
        //    a$coef; a$loglik; a$sigma2; forecast(a, h = 3)$mean; forecast(a, h = 3)$upper[, 2]
        double[] rMean = [422.984460042, 404.708144422, 467.090811418];
        double[] rUpper95 = [443.587569871, 430.879336071, 497.837752893];
        var airline = Arima.Fit(AirPassengersTraining, new ArimaOrder(0, 1, 1, 0, 1, 1, 12, Constant: false));
        var (values, deviations) = airline.Forecast(3);

        Assert.Equal(-0.2167080164836, airline.Ma[0], 0.005);
        Assert.Equal(-0.0843144657782, airline.SeasonalMa[0], 0.005);
        Assert.Equal(-447.860526181, airline.LogLikelihood, 0.001);
        Assert.Equal(110.501805288, airline.Sigma2, 0.05);
        for (var h = 0; h < 3; h++)
        {
            Assert.Equal(rMean[h], values[h], 0.1);
            Assert.Equal(rUpper95[h], values[h] + (1.959963984540054 * deviations[h]), 0.1);
        }

        // R: Arima(window(AirPassengers, end = c(1959, 12)), order = c(1, 0, 1), seasonal = c(2, 1, 0),
        //    include.drift = TRUE, method = "ML")
        var seasonalAr = Arima.Fit(AirPassengersTraining, new ArimaOrder(1, 0, 1, 2, 1, 0, 12, Constant: true));

        Assert.Equal(0.869197047990, seasonalAr.Ar[0], 0.01);
        Assert.Equal(-0.170845074353, seasonalAr.Ma[0], 0.01);
        Assert.Equal(-0.121274219638, seasonalAr.SeasonalAr[0], 0.01);
        Assert.Equal(0.114532728495, seasonalAr.SeasonalAr[1], 0.01);
        Assert.Equal(2.519852437578, seasonalAr.Constant, 0.02);
        Assert.Equal(-447.966999453, seasonalAr.LogLikelihood, 0.001);
    }

    [Fact]
    public void Auto_arima_on_a_short_series_searches_by_maximum_likelihood_and_ends_where_R_does()
    {
        // R: auto.arima(window(AirPassengers, end = c(1959, 12))) is ARIMA(1,1,0)(0,1,0)[12], loglik −447.95.
        var airline = Arima.Select(AirPassengersTraining, 12);

        Assert.Equal("ARIMA(1,1,0)(0,1,0)[12]", airline.Name);
        Assert.Equal(ArimaEstimation.MaximumLikelihood, airline.Estimation);
        Assert.Equal(-447.95, airline.LogLikelihood, 0.01);
    }

    private static (double LogLikelihood, double Sigma2) ExactLikelihood(double[] z, double[] ar, double[] ma)
    {
        var (sumOfSquares, sumOfLogs) = ArimaLikelihood.Filter(z, ar, ma, new double[z.Length]);
        var n = z.Length;
        return (-0.5 * ((n * Math.Log(sumOfSquares / n)) + sumOfLogs + (n * (1 + Math.Log(2 * Math.PI)))), sumOfSquares / n);
    }

    [Theory]
    // R: urca::ur.kpss(LakeHuron, type = "mu", use.lag = trunc(3 * sqrt(98) / 13))@teststat; forecast::ndiffs(LakeHuron)
    [InlineData("LakeHuron", 1.221218569, 1)]
    // R: urca::ur.kpss(as.numeric(BJsales), type = "mu", use.lag = trunc(3 * sqrt(150) / 13))@teststat; forecast::ndiffs(BJsales)
    [InlineData("BJsales", 4.313622008, 1)]
    public void Kpss_and_the_differencing_it_chooses_are_Rs(string name, double rStatistic, int rDifferences)
    {
        var series = name == "LakeHuron" ? RSeries.LakeHuron : RSeries.BoxJenkinsSales;

        Assert.Equal(rStatistic, Arima.Kpss(series), 1e-6);
        Assert.Equal(rDifferences, Arima.Differences(series));
    }

    [Fact]
    public void A_short_growing_series_is_differenced_twice_as_in_R()
    {
        // R: forecast::ndiffs(as.numeric(uspop)[1:9]) is 2; uspop in millions, 1790–1870.
        double[] uspop = [3.93, 5.31, 7.24, 9.64, 12.9, 17.1, 23.2, 31.4, 39.8];

        Assert.Equal(2, Arima.Differences(uspop));
        Assert.Equal(2, Arima.Select(uspop, 1).Order.D);
    }

    [Fact]
    public void A_long_series_chooses_its_differences_and_orders_on_the_points_it_searches()
    {
        // 700 points of a doubly integrated walk (a drifting trend), then 300 of a plain random walk from where it ended.
        var random = new Random(17);
        var series = new double[1_000];
        var (level, slope) = (1_000.0, 0.0);
        for (var i = 0; i < series.Length; i++)
        {
            slope = i < 700 ? slope + random.NextDouble() - 0.5 : 0;
            level += slope + (4 * (random.NextDouble() - 0.5));
            series[i] = level;
        }

        var recent = series[^300..];
        Assert.Equal(2, Arima.Differences(series));
        Assert.Equal(1, Arima.Differences(recent));
        Assert.Equal(Arima.Select(recent, 1).Order, Arima.Select(series, 1).Order);
    }

    [Fact]
    public void The_airline_series_is_seasonally_differenced_and_a_noise_series_is_not()
    {
        var random = new Random(9);
        var noise = Enumerable.Range(0, 120).Select(_ => 100 + (5 * (random.NextDouble() - 0.5))).ToArray();

        Assert.Equal(1, Arima.Select(AirPassengersTraining, 12).Order.SeasonalD);
        Assert.True(Arima.SeasonalStrength(AirPassengersTraining, 12) > 0.64);
        Assert.True(Arima.SeasonalStrength(noise, 12) < 0.64);
    }

    [Fact]
    public void Theta_forecasts_as_Rs_thetaf()
    {
        // R: thetaf(ts(as.numeric(BJsales)), h = 5)$mean; thetaf(window(AirPassengers, end = c(1959, 12)), h = 6)$mean
        double[] rSales = [262.9234563, 263.1469403, 263.3704242, 263.5939082, 263.8173922];
        double[] rPassengers = [411.3257036, 402.2312347, 462.8329559, 444.6271661, 447.8843942, 509.5406979];

        var sales = Theta.Fit(RSeries.BoxJenkinsSales, 1).Forecast(5).Values;
        var passengers = Theta.Fit(AirPassengersTraining, 12).Forecast(6).Values;

        Assert.All(sales.Zip(rSales), pair => Assert.Equal(pair.Second, pair.First, 0.5));
        Assert.All(passengers.Zip(rPassengers), pair => Assert.Equal(pair.Second, pair.First, 2.0));
    }

    [Fact]
    public void The_forecaster_answers_with_the_candidate_its_backtest_scores_best_and_reports_every_model()
    {
        var forecast = Forecaster.Forecast(AirPassengersTraining, 12, 12);

        Assert.NotNull(forecast.Backtest);
        Assert.Equal(Forecaster.BacktestOrigins, forecast.Backtest.Origins);
        Assert.Equal(forecast.Backtest.Scores.MinBy(s => s.MeanAbsoluteError)!.Method, forecast.Method);
        Assert.Equal(4, forecast.Backtest.Scores.Count);
        Assert.NotNull(forecast.Arima);
        Assert.NotNull(forecast.Theta);
        Assert.Contains(forecast.Method switch
        {
            ForecastMethod.Ets => forecast.Ets.Name,
            ForecastMethod.Arima => forecast.Arima.Name,
            ForecastMethod.Theta => "Theta",
            _ => "Combination of",
        }, forecast.Name, StringComparison.Ordinal);
        var values = forecast.Points.Select(p => p.Value).ToArray();
        Assert.True(ForecastAccuracy.Mase(AirPassengersTraining, RSeries.Passengers[^12..], values, 12) < 0.749, "R's ets scores MASE 0.749 on 1960");
    }

    [Fact]
    public void A_fit_cut_at_an_origin_forecasts_its_own_fitted_value_there()
    {
        // The backtest of long series reuses the full fit this way: the conditional residuals look only backwards, so
        // the first k points' residuals are those of a fit that stopped at k.
        var model = Arima.Fit(RSeries.LakeHuron, new ArimaOrder(2, 0, 0, 0, 0, 0, 1, Constant: true));

        foreach (var origin in new[] { 40, 70, 97 })
        {
            var next = model.Truncated(origin).Forecast(1).Values[0];
            Assert.Equal(RSeries.LakeHuron[origin] - model.Residuals[origin], next, 1e-9);
        }
    }

    [Fact]
    public void A_short_series_intervals_allow_for_the_parameters_estimated_from_it()
    {
        // Seven points leave the chosen ARIMA five residuals less its coefficients: its 95% interval is the Student-t
        // one, R: qt(0.975, 4) / qnorm(0.975) = 1.416605, qt(0.9, 4) / qnorm(0.9) = 1.196367 at 4 degrees of freedom.
        double[] uspop = [3.93, 5.31, 7.24, 9.64, 12.9, 17.1, 23.2];

        var forecast = Forecaster.Forecast(uspop, 3, 1);
        var own = forecast.Arima!.Forecast(3);

        Assert.Equal(4, forecast.Arima.DegreesOfFreedom);
        var point = forecast.Points[0];
        Assert.Equal(1.416605 * 1.959964 * own.StandardDeviations[0], point.Interval95.Upper - point.Value, 1e-4 * own.StandardDeviations[0]);
        Assert.Equal(1.196367 * 1.281552 * own.StandardDeviations[0], point.Value - point.Interval80.Lower, 1e-4 * own.StandardDeviations[0]);
    }

    [Fact]
    public void A_few_points_far_from_zero_are_forecast_at_their_level_not_at_zero()
    {
        // auto.arima answers ARIMA(0,0,0) with zero mean here (AICc 27.62 against 28.24 with the mean) and forecasts 0.
        double[] y = [3, 5, 4, 6];

        var forecast = Forecaster.Forecast(y, 3, 1);

        Assert.True(forecast.Arima!.Order.Constant, forecast.Name);
        Assert.All(forecast.Points, p => Assert.InRange(p.Value, 3, 6));
    }

    [Fact]
    public void A_series_too_short_to_backtest_gets_arima()
    {
        // The backtest needs four points more than a fit: seven leave none to hold out.
        double[] uspop = [3.93, 5.31, 7.24, 9.64, 12.9, 17.1, 23.2];

        var forecast = Forecaster.Forecast(uspop, 3, 1);

        Assert.Null(forecast.Backtest);
        Assert.Equal(ForecastMethod.Arima, forecast.Method);
        Assert.True(forecast.Points[0].Value > uspop[^1], $"{forecast.Name} carries the growth on");
    }
}
