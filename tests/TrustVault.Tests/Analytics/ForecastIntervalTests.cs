using MathNet.Numerics.Distributions;
using TrustVault.Core.Analytics.Forecasting;

namespace TrustVault.Tests.Analytics;

/// <summary>
/// The forecaster's intervals against random walks, whose future is known in distribution: given the last value y_n, the
/// point j steps on is y_n + σ·√j·Z. Each interval's coverage is then computed exactly, Φ((U − y_n)/σ√j) − Φ((L − y_n)/σ√j),
/// instead of counting one simulated future per series, so a few dozen seeded series measure it to about a percent.
/// </summary>
public sealed class ForecastIntervalTests
{
    private const int Series = 30;
    private const int Length = 80;
    private const int Horizon = 6;

    [Fact]
    public void On_a_random_walk_the_intervals_hold_their_level_without_overshooting()
    {
        var (coverage80, coverage95) = MeanCoverage(seed: 3, calmSteps: Length, stormSigma: 1);

        Assert.InRange(coverage80, 0.74, 0.88);
        Assert.InRange(coverage95, 0.92, 0.985);
    }

    [Fact]
    public void Intervals_widen_to_the_errors_of_the_backtest_when_the_noise_has_grown_since_the_fit_began()
    {
        // Noise three times larger over the last 30 points and the future: the models' σ, estimated over all 80 points,
        // is about 0.6 of the true one, and their own intervals cover 58% and 78% of these futures. The backtest's
        // origins fall in the noisy stretch and see errors about 1.6 times the intervals.
        var (coverage80, coverage95) = MeanCoverage(seed: 5, calmSteps: Length - 30, stormSigma: 3);

        Assert.InRange(coverage80, 0.72, 0.92);
        Assert.InRange(coverage95, 0.88, 0.99);
    }

    [Fact]
    public void Each_interval_holds_every_candidates_forecast_so_a_doubtful_pick_widens_it()
    {
        // On the year held out of AirPassengers the candidates part ways: ETS, ARIMA, Theta and their mean differ by tens
        // of passengers a month.
        var forecast = Forecaster.Forecast(RSeries.Passengers[..^12], 12, 12);
        double[][] candidates = [forecast.EtsForms.Forecast(12), forecast.Arima!.Forecast(12).Values, forecast.Theta!.Forecast(12).Values];

        Assert.Contains(forecast.Points, p => candidates.Max(c => c[p.Step - 1]) - candidates.Min(c => c[p.Step - 1]) > 20);
        foreach (var point in forecast.Points)
        {
            foreach (var value in candidates.Select(c => c[point.Step - 1]))
            {
                Assert.InRange(value, point.Interval80.Lower, point.Interval80.Upper);
            }

            Assert.True(point.Interval95.Lower <= point.Interval80.Lower && point.Interval80.Upper <= point.Interval95.Upper);
        }
    }

    [Fact]
    public void Agreeing_candidates_keep_their_interval()
    {
        var interval = Forecaster.MixtureInterval([(10, new(7, 19)), (10, new(7, 19)), (10, new(7, 19))], 1.959963984540054, 0.95);

        Assert.Equal(7, interval.Lower, 9);
        Assert.Equal(19, interval.Upper, 9);
    }

    [Fact]
    public void Candidates_far_apart_leave_each_tail_to_the_outer_one()
    {
        // N(−10, 1) and N(10, 1), half each: at the upper bound the lower one's mass is all below, so the upper one's CDF
        // there is 2·0.975 − 1 = 0.95, and the bound is 10 + 1.6449 (its 95% point); the lower bound mirrors it.
        const double z95 = 1.959963984540054;
        var interval = Forecaster.MixtureInterval([(-10, new(-10 - z95, -10 + z95)), (10, new(10 - z95, 10 + z95))], z95, 0.95);

        Assert.Equal(10 + 1.6448536269514722, interval.Upper, 6);
        Assert.Equal(-10 - 1.6448536269514722, interval.Lower, 6);
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(1e9)]
    public void A_mixtures_interval_is_the_same_in_any_unit(double unit)
    {
        // The case above in another unit: a series of nanoseconds or of billions has the same interval, scaled.
        const double z95 = 1.959963984540054;
        var interval = Forecaster.MixtureInterval(
            [(-10 * unit, new((-10 - z95) * unit, (-10 + z95) * unit)), (10 * unit, new((10 - z95) * unit, (10 + z95) * unit))], z95, 0.95);

        Assert.Equal(10 + 1.6448536269514722, interval.Upper / unit, 6);
        Assert.Equal(-10 - 1.6448536269514722, interval.Lower / unit, 6);
    }

    /// <summary>
    /// The mean exact coverage of each level's intervals over <see cref="Series"/> random walks whose innovations have
    /// σ = 1 for the first <paramref name="calmSteps"/> steps and <paramref name="stormSigma"/> after, into the future.
    /// </summary>
    private static (double Coverage80, double Coverage95) MeanCoverage(int seed, int calmSteps, double stormSigma)
    {
        var random = new Random(seed);
        double inside80 = 0, inside95 = 0;
        for (var s = 0; s < Series; s++)
        {
            var path = new double[Length];
            path[0] = 100;
            for (var t = 1; t < Length; t++)
            {
                path[t] = path[t - 1] + ((t < calmSteps ? 1 : stormSigma) * StandardNormal(random));
            }

            var forecast = Forecaster.Forecast(path, Horizon, 1);
            foreach (var point in forecast.Points)
            {
                var spread = stormSigma * Math.Sqrt(point.Step);
                inside80 += Covered(point.Interval80, path[^1], spread);
                inside95 += Covered(point.Interval95, path[^1], spread);
            }
        }

        var total = Series * Horizon;
        return (inside80 / total, inside95 / total);
    }

    private static double Covered(ForecastInterval interval, double last, double spread) =>
        Normal.CDF(0, 1, (interval.Upper - last) / spread) - Normal.CDF(0, 1, (interval.Lower - last) / spread);

    private static double StandardNormal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
