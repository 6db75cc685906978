using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// Our ETS against R's <c>forecast::ets</c> definition, form by form (R 4.2.2, forecast 8.20; the R call above each
/// figure). On New Haven's temperatures (1912–1961, the panel's training part) R answers ETS(A,N,N) and we ETS(A,A,N):
/// the likelihood, the parameter count and the bounds are R's, and the difference is R's simplex stopping 1.2 units of
/// log-likelihood short of the trend form's maximum, which R's own likelihood confirms.
/// </summary>
public sealed class EtsAgainstRTests
{
    private static double[] NewHaven => RSeries.NewHavenTemperature[..50];

    private static double[] Passengers => RSeries.Passengers[..^12];

    [Theory]
    // R: f <- ets(window(nhtemp, end = 1961), model = "ANN"); f$par; f$loglik
    [InlineData(TrendType.None, 0.177429970011, 0, 1, 50.274274871687, 0, -106.422358221)]
    // R: f <- ets(window(nhtemp, end = 1961), model = "AAN", damped = FALSE); f$par; f$loglik
    [InlineData(TrendType.Additive, 1.29012333858e-04, 1.00000204086e-04, 1, 5.02785907429e+01, 3.68641232050e-02, -104.059798719)]
    // R: f <- ets(window(nhtemp, end = 1961), model = "AAN", damped = TRUE); f$par; f$loglik
    [InlineData(TrendType.AdditiveDamped, 7.46067227264e-04, 7.46059849807e-04, 9.79983156343e-01, 4.95206285806e+01, 8.31036162168e-02, -103.327030352)]
    public void The_likelihood_at_Rs_estimates_is_Rs_likelihood(TrendType trend, double alpha, double beta, double phi, double level, double slope, double rLogLikelihood)
    {
        var form = new EtsForm(ErrorType.Additive, trend, Seasonality.None);

        var run = Ets.Filter(NewHaven, 1, form, new EtsWeights(alpha, beta, 0, phi), level, slope, []);

        Assert.Equal(rLogLikelihood, -0.5 * run.Likelihood, precision: 5);
    }

    [Fact]
    public void The_level_form_reaches_Rs_maximum_and_Rs_AICc()
    {
        // R: f <- ets(window(nhtemp, end = 1961), model = "ANN"); f$loglik; f$aicc   (α, ℓ0 and σ²: 3 parameters)
        var model = Ets.Fit(NewHaven, 1, new EtsForm(ErrorType.Additive, TrendType.None, Seasonality.None));

        Assert.Equal(-106.422358221, model.LogLikelihood, precision: 3);
        Assert.Equal(219.366455572, model.Aicc, precision: 2);
    }

    [Fact]
    public void The_trend_form_reaches_the_maximum_Rs_simplex_stops_short_of()
    {
        // R: ets(window(nhtemp, end = 1961), model = "AAN", damped = FALSE)$loglik is −104.0598 (fit$fit: fail 0 after
        // 463 evaluations), yet with α and β fixed at their lower bound 1e-4 R reaches more:
        // R: ets(window(nhtemp, end = 1961), model = "AAN", damped = FALSE, alpha = 1e-4, beta = 1e-4)$loglik
        var model = Ets.Fit(NewHaven, 1, new EtsForm(ErrorType.Additive, TrendType.Additive, Seasonality.None));

        Assert.True(model.LogLikelihood >= -102.843756623 - 1e-3, $"log-likelihood {model.LogLikelihood} against R's −102.8438 at α = β = 1e-4");
    }

    [Fact]
    public void At_the_maximum_Rs_criterion_ranks_the_trend_form_first()
    {
        // 5 parameters (α, β, ℓ0, b0, σ²): AICc = −2·(−102.8438) + 2·5 + 2·5·6/(50 − 5 − 1) = 217.05, below R's 219.37 for
        // ETS(A,N,N) (R: ets(window(nhtemp, end = 1961))$aicc, which answers ETS(A,N,N) from its short trend fit).
        var model = Ets.Select(NewHaven, 1);

        Assert.Equal("ETS(A,A,N)", model.Name);
        Assert.True(model.Aicc <= 217.0513 + 2e-3, $"AICc {model.Aicc}");
    }

    [Theory]
    // R: forecast:::initstate(window(AirPassengers, end = c(1959, 12)), "A", "M")   (decompose over the whole series)
    [InlineData(132, Seasonality.Multiplicative, 120.7336175103, 1.0143464818,
        new[] { 0.8989616436, 0.8002132285, 0.9217670259, 1.0609168418, 1.2135961038, 1.2221466258, 1.1115898119, 0.9798128274, 0.9754119765, 1.0182037036, 0.8873765017 })]
    // R: forecast:::initstate(window(AirPassengers, end = c(1950, 6)), "A", "M")   (under three seasons: a line and one Fourier pair)
    [InlineData(18, Seasonality.Multiplicative, 124.9934317488, 0.3351925269,
        new[] { 0.9146170700, 0.8082029519, 0.9271858583, 1.0624156335, 1.1591935187, 1.1622448276, 1.0629537349, 0.9552425871, 1.0211011595, 1.0476272846, 0.9390133374 })]
    // R: forecast:::initstate(window(AirPassengers, end = c(1950, 6)), "A", "A")
    [InlineData(18, Seasonality.Additive, 124.9934317488, 0.3351925269,
        new[] { -11.0157420716, -24.6805495447, -9.3453570178, 7.9898355091, 20.3250280360, 20.6602205629, 7.9954130898, -5.6693943833, 2.6657981436, 6.0009906705, -7.6638168026 })]
    public void The_starting_states_are_Rs_initstate(int length, Seasonality season, double rLevel, double rSlope, double[] rSeasonals)
    {
        const int m = 12;
        var start = Ets.StartState(Passengers[..length], m, new EtsForm(ErrorType.Multiplicative, TrendType.Additive, season));

        Assert.Equal(rLevel, start.Level, precision: 6);
        Assert.Equal(rSlope, start.Slope, precision: 6);

        // R lists s0 (time 0, our index m − 1) back to s10 (time −10, our index 1); index 0 closes the normalisation.
        Assert.All(rSeasonals.Select((s, k) => (s, start.Seasonals[m - 1 - k])), pair => Assert.Equal(pair.s, pair.Item2, precision: 6));
        Assert.Equal(season == Seasonality.Multiplicative ? m : 0, start.Seasonals.Sum(), precision: 9);
    }

    [Fact]
    public void Seasonal_weights_are_admissible_where_R_says_so()
    {
        // R: g <- expand.grid(alpha = c(0.1, 0.5, 0.9), beta = c(0.0001, 0.05, 0.3, 0.6), gamma = c(0.0001, 0.05, 0.3, 0.45),
        //      phi = c(0.8, 0.98, 1), m = c(4, 12)); g <- g[g$beta <= g$alpha & g$gamma <= 1 - g$alpha, ]
        //    paste(mapply(forecast:::admissible, g$alpha, g$beta, g$gamma, g$phi, g$m), collapse = "")
        const string r = "111111111111111111111111111111111111111111111111111111111111111111111111111111111111"
            + "111111000111111000111101111011111100011111100011110111101111110001111110001111011110";
        var grid =
            from m in new[] { 4, 12 }
            from phi in new[] { 0.8, 0.98, 1 }
            from gamma in new[] { 0.0001, 0.05, 0.3, 0.45 }
            from beta in new[] { 0.0001, 0.05, 0.3, 0.6 }
            from alpha in new[] { 0.1, 0.5, 0.9 }
            where beta <= alpha && gamma <= 1 - alpha
            select new EtsWeights(alpha, beta, gamma, phi).IsAdmissible(m) ? '1' : '0';

        Assert.Equal(r, string.Concat(grid));
    }
}
