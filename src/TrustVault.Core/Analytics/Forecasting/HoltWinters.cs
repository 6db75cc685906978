using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace TrustVault.Core.Analytics.Forecasting;

public enum Seasonality
{
    Additive,
    Multiplicative,
}

/// <summary>Smoothing weights and the state after the last observation.</summary>
public sealed record HoltWintersModel(
    Seasonality Seasonality, int SeasonLength, double Alpha, double Beta, double Gamma,
    double Level, double Trend, IReadOnlyList<double> Seasonals, double ResidualStdDev, double Sse)
{
    /// <summary>Point forecasts for the next <paramref name="horizon"/> steps.</summary>
    public double[] Forecast(int horizon) => Enumerable.Range(1, horizon).Select(h =>
    {
        var season = Seasonals[(h - 1) % SeasonLength];
        var trended = Level + (h * Trend);
        return Seasonality == Seasonality.Additive ? trended + season : trended * season;
    }).ToArray();
}

/// <summary>
/// Holt-Winters triple exponential smoothing with additive trend and additive or multiplicative
/// seasonality (Winters 1960; equations as in Hyndman and Athanasopoulos, "Forecasting: Principles
/// and Practice", 3rd ed., §8.3). Weights are fitted by minimising the sum of squared one-step
/// errors with Nelder–Mead (Math.NET's <see cref="NelderMeadSimplex"/>); the start state comes from the first two seasons.
/// </summary>
public static class HoltWinters
{
    private const double ConvergenceTolerance = 1e-10;
    private const int MaxIterations = 2000;

    public static HoltWintersModel Fit(IReadOnlyList<double> series, int seasonLength, Seasonality seasonality)
    {
        if (seasonLength < 2 || series.Count < 2 * seasonLength)
        {
            throw new ArgumentException($"Holt-Winters needs at least two full seasons ({2 * seasonLength} points).", nameof(series));
        }

        if (seasonality == Seasonality.Multiplicative && series.Any(v => v <= 0))
        {
            throw new ArgumentException("Multiplicative seasonality needs strictly positive values.", nameof(series));
        }

        // Weights live in (0, 1) through a logistic transform so the search is unconstrained.
        var best = (Sse: double.PositiveInfinity, Point: Vector<double>.Build.Dense([Logit(0.3), Logit(0.05), Logit(0.1)]));
        double Sse(Vector<double> p)
        {
            var sse = Run(series, seasonLength, seasonality, Logistic(p[0]), Logistic(p[1]), Logistic(p[2])).Sse;
            if (sse < best.Sse)
            {
                best = (sse, p.Clone());
            }

            return sse;
        }

        try
        {
            best.Point = NelderMeadSimplex.Minimum(ObjectiveFunction.Value(Sse), best.Point, Vector<double>.Build.Dense(3, 1.0), ConvergenceTolerance, MaxIterations).MinimizingPoint;
        }
        catch (MaximumIterationsException)
        {
            // Series spanning many orders of magnitude can keep the simplex moving past any iteration budget; Math.NET
            // then throws without a point, so take the best weights it tried, as a hand-written search would return.
        }

        return Run(series, seasonLength, seasonality, Logistic(best.Point[0]), Logistic(best.Point[1]), Logistic(best.Point[2]));
    }

    private static HoltWintersModel Run(IReadOnlyList<double> y, int m, Seasonality seasonality, double alpha, double beta, double gamma)
    {
        var additive = seasonality == Seasonality.Additive;
        var firstSeason = y.Take(m).Average();
        var secondSeason = y.Skip(m).Take(m).Average();
        var level = firstSeason;
        var trend = (secondSeason - firstSeason) / m;
        var seasonals = Enumerable.Range(0, m).Select(i => additive ? y[i] - firstSeason : y[i] / firstSeason).ToArray();

        double sse = 0;
        for (var t = m; t < y.Count; t++)
        {
            var season = seasonals[t % m];
            var forecast = additive ? level + trend + season : (level + trend) * season;
            var error = y[t] - forecast;
            sse += error * error;

            var (previousLevel, previousTrend) = (level, trend);
            level = additive
                ? (alpha * (y[t] - season)) + ((1 - alpha) * (previousLevel + previousTrend))
                : (alpha * (y[t] / season)) + ((1 - alpha) * (previousLevel + previousTrend));
            trend = (beta * (level - previousLevel)) + ((1 - beta) * previousTrend);
            seasonals[t % m] = additive
                ? (gamma * (y[t] - previousLevel - previousTrend)) + ((1 - gamma) * season)
                : (gamma * (y[t] / (previousLevel + previousTrend))) + ((1 - gamma) * season);
        }

        // Re-order the seasonal indices so index 0 belongs to the first step after the data.
        var next = y.Count % m;
        var ordered = Enumerable.Range(0, m).Select(i => seasonals[(next + i) % m]).ToArray();
        var residualStdDev = Math.Sqrt(sse / Math.Max(1, y.Count - m - 3));
        return new HoltWintersModel(seasonality, m, alpha, beta, gamma, level, trend, ordered, residualStdDev, sse);
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
