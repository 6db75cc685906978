namespace TrustVault.Core.Analytics.Forecasting;

public sealed record ForecastInterval(double Lower, double Upper);

public sealed record ForecastPoint(int Step, double Value, ForecastInterval Interval80, ForecastInterval Interval95);

public sealed record Forecast(EtsModel Model, IReadOnlyList<ForecastPoint> Points);

/// <summary>
/// Forecasts with the ETS model <see cref="Ets.Select"/> chooses, and prediction intervals from that model's own
/// variance: in closed form for the linear models (class 1 of Hyndman et al. 2008, Table 6.1,
/// v_h = σ²·(1 + Σ_{j=1}^{h−1} c_j²), c_j = α + β·φ_j + γ·[j mod m = 0], φ_j = φ + … + φ^j), and from the
/// quantiles of simulated sample paths otherwise, as R's <c>forecast.ets(simulate = TRUE)</c> does. The simulation
/// draws from a fixed seed, so the same request always gets the same intervals.
/// </summary>
public static class Forecaster
{
    /// <summary>Sample paths for simulated intervals, as many as R's <c>forecast.ets</c> draws.</summary>
    public const int SimulatedPaths = 5000;

    private const int Seed = 20;
    private const double Z80 = 1.2815515655446004;
    private const double Z95 = 1.959963984540054;

    /// <summary>The fewest points a forecast needs: two seasons for a seasonal model, four for a non-seasonal one.</summary>
    public static int MinimumLength(int seasonLength) => Math.Max(4, seasonLength > 1 ? 2 * seasonLength : 0);

    public static Forecast Forecast(IReadOnlyList<double> series, int horizon, int seasonLength, Seasonality? seasonality = null)
    {
        if (horizon is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), "Forecast 1 to 10,000 steps.");
        }

        if (seasonLength < 1 || series.Count < MinimumLength(seasonLength))
        {
            throw new ArgumentException($"A season of {seasonLength} needs at least {MinimumLength(seasonLength)} points.", nameof(series));
        }

        if (seasonality == Seasonality.Multiplicative && series.Any(v => v <= 0))
        {
            throw new ArgumentException("Multiplicative seasonality needs strictly positive values.", nameof(series));
        }

        var model = Ets.Select(series, seasonLength, seasonality);
        var values = model.Forecast(horizon);
        var intervals = model.Form.IsLinear ? AnalyticIntervals(model, values) : SimulatedIntervals(model, horizon);
        return new Forecast(model, [.. values.Select((v, i) => new ForecastPoint(i + 1, v, intervals[i].Interval80, intervals[i].Interval95))]);
    }

    private static (ForecastInterval Interval80, ForecastInterval Interval95)[] AnalyticIntervals(EtsModel model, double[] values)
    {
        var result = new (ForecastInterval, ForecastInterval)[values.Length];
        double sumOfSquares = 0, dampedSteps = 0;
        for (var h = 1; h <= values.Length; h++)
        {
            if (h > 1)
            {
                var j = h - 1;
                dampedSteps += model.Form.Trend == TrendType.AdditiveDamped ? Math.Pow(model.Phi, j) : 1;
                var c = model.Alpha + (model.Beta * dampedSteps) + (model.Form.Season != Seasonality.None && j % model.SeasonLength == 0 ? model.Gamma : 0);
                sumOfSquares += c * c;
            }

            var sigma = Math.Sqrt(model.Sigma2 * (1 + sumOfSquares));
            var value = values[h - 1];
            result[h - 1] = (new(value - (Z80 * sigma), value + (Z80 * sigma)), new(value - (Z95 * sigma), value + (Z95 * sigma)));
        }

        return result;
    }

    /// <summary>
    /// Runs <see cref="SimulatedPaths"/> futures of the model forward together, step by step, each with
    /// N(0, σ²) innovations (relative ones for multiplicative errors), and takes the 2.5/10/90/97.5% quantiles of each
    /// step (R's default type 7).
    /// </summary>
    private static (ForecastInterval Interval80, ForecastInterval Interval95)[] SimulatedIntervals(EtsModel model, int horizon)
    {
        var form = model.Form;
        var m = model.SeasonLength;
        var sigma = Math.Sqrt(model.Sigma2);
        var random = new Random(Seed);
        var levels = Enumerable.Repeat(model.Level, SimulatedPaths).ToArray();
        var slopes = Enumerable.Repeat(model.Slope, SimulatedPaths).ToArray();
        var seasonals = new double[SimulatedPaths * m];
        for (var p = 0; p < SimulatedPaths && form.Season != Seasonality.None; p++)
        {
            for (var k = 0; k < m; k++)
            {
                seasonals[(p * m) + k] = model.Seasonals[k];
            }
        }

        var draws = new double[SimulatedPaths];
        var result = new (ForecastInterval, ForecastInterval)[horizon];
        for (var h = 0; h < horizon; h++)
        {
            for (var p = 0; p < SimulatedPaths; p++)
            {
                var dampedSlope = form.Trend switch { TrendType.None => 0, TrendType.Additive => slopes[p], _ => model.Phi * slopes[p] };
                var trended = levels[p] + dampedSlope;
                var index = (p * m) + (h % m);
                var season = form.Season == Seasonality.None ? 0 : seasonals[index];
                var fitted = form.Season switch
                {
                    Seasonality.Additive => trended + season,
                    Seasonality.Multiplicative => trended * season,
                    _ => trended,
                };
                var shock = sigma * StandardNormal(random);
                var y = form.Error == ErrorType.Multiplicative ? fitted * (1 + shock) : fitted + shock;
                draws[p] = y;

                var deseasonalised = form.Season switch
                {
                    Seasonality.Additive => y - season,
                    Seasonality.Multiplicative => y / season,
                    _ => y,
                };
                var level = trended + (model.Alpha * (deseasonalised - trended));
                if (form.Trend != TrendType.None)
                {
                    slopes[p] = dampedSlope + (model.Beta / model.Alpha * (level - levels[p] - dampedSlope));
                }

                if (form.Season != Seasonality.None)
                {
                    var detrended = form.Season == Seasonality.Additive ? y - trended : y / trended;
                    seasonals[index] = season + (model.Gamma * (detrended - season));
                }

                levels[p] = level;
            }

            Array.Sort(draws);
            result[h] = (new(Quantile(draws, 0.10), Quantile(draws, 0.90)), new(Quantile(draws, 0.025), Quantile(draws, 0.975)));
        }

        return result;
    }

    private static double StandardNormal(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm's argument above 0.
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    private static double Quantile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
