using MathNet.Numerics.Distributions;

namespace TrustVault.Core.Analytics.Forecasting;

public sealed record ForecastInterval(double Lower, double Upper);

public sealed record ForecastPoint(int Step, double Value, ForecastInterval Interval80, ForecastInterval Interval95);

/// <summary>How the forecast was made: one family's chosen model, or the mean of all three.</summary>
public enum ForecastMethod
{
    Ets,
    Arima,
    Theta,
    Combination,
}

/// <summary>
/// One candidate's backtest: its mean absolute error, and for each level the factor by which its intervals, scaled about
/// their value, had to widen to hold that level's share of the backtest's points (the split conformal quantile; below 1
/// when they were wider than needed).
/// </summary>
public sealed record BacktestScore(ForecastMethod Method, double MeanAbsoluteError, double Widening80, double Widening95);

/// <summary>
/// The rolling-origin backtest on the series' own last points: <see cref="Origins"/> origins, each model refitted
/// on the points before it and scored on the next <see cref="Horizon"/>.
/// </summary>
public sealed record ForecastBacktest(int Origins, int Horizon, IReadOnlyList<BacktestScore> Scores)
{
    /// <summary>The candidate with the lowest mean absolute error.</summary>
    public ForecastMethod Best => Scores.MinBy(s => s.MeanAbsoluteError)!.Method;

    public BacktestScore this[ForecastMethod method] => Scores.Single(s => s.Method == method);
}

/// <summary>
/// A forecast with every model fitted for it: the ETS forms with their Akaike weights, and (unless the caller fixed an
/// ETS seasonality) the ARIMA model chosen by AICc, the Theta model and the backtest that chose among them and their mean.
/// </summary>
public sealed record Forecast(
    ForecastMethod Method, EtsSelection EtsForms, ArimaModel? Arima, ThetaModel? Theta, ForecastBacktest? Backtest, IReadOnlyList<ForecastPoint> Points)
{
    /// <summary>The ETS form with the lowest AICc, which names the ETS candidate.</summary>
    public EtsModel Ets => EtsForms.Best;

    /// <summary>The chosen model's name, e.g. "ETS(M,Ad,M)", "ARIMA(0,1,1)(0,1,1)[12]" or "Combination of ETS(A,N,N), ARIMA(0,1,1) and Theta".</summary>
    public string Name => Method switch
    {
        ForecastMethod.Ets => Ets.Name,
        ForecastMethod.Arima => Arima!.Name,
        ForecastMethod.Theta => Theta!.Name,
        _ => $"Combination of {Ets.Name}, {Arima!.Name} and {Theta!.Name}",
    };
}

/// <summary>
/// Forecasts as R's forecast package's automatic methods do, and combines them (Hyndman's "ETS + ARIMA + Theta" mean,
/// a benchmark of the M4 competition). ETS forecasts by the Akaike-weighted mean of its forms (<see cref="EtsSelection"/>),
/// named by the form with the lowest AICc (<see cref="Ets.SelectAll"/>), ARIMA is chosen by AICc after unit-root
/// tests (<see cref="Forecasting.Arima.Select"/>), Theta is R's thetaf (<see cref="Forecasting.Theta"/>). The one of
/// the three or their equal-weight mean with the lowest mean absolute error over a rolling-origin backtest on the
/// series' own last points answers (three origins, each model's form or order kept, ETS's weighty forms reweighed, and
/// their parameters refitted on the points before the origin, or on series longer than <see cref="RefitUpTo"/> the full
/// fits rerun over them); nothing
/// after the series' end is seen. Too short to backtest, ARIMA answers. A
/// seasonality the caller fixes is an ETS choice, so it gets ETS alone.
/// Prediction intervals come from each model's own variance: in closed form for linear ETS (class 1 of Hyndman et
/// al. 2008, Table 6.1, v_h = σ²·(1 + Σ_{j=1}^{h−1} c_j²), c_j = α + β·φ_j + γ·[j mod m = 0], φ_j = φ + … + φ^j), from
/// the quantiles of simulated sample paths for the others, as R's <c>forecast.ets(simulate = TRUE)</c> does (from a
/// fixed seed, so the same request always gets the same intervals), from the ψ-weights for ARIMA and from SES's
/// variance for Theta; the combination's bounds are the means of the three models' bounds (the variance of the mean
/// when the three models' errors are perfectly correlated, its upper bound). Each candidate's intervals then widen (never
/// narrow) by the larger of two allowances: the split conformal quantile of the backtest's errors in units of that
/// candidate's half-widths at the same step (so errors that outgrow the model's horizon scaling or its tails widen the
/// level they escape), and the Student-t quantile at the model's residual degrees of freedom over the normal one. The
/// answer's intervals are those of the equal-weight mixture of the four candidates' widened distributions, so that the
/// uncertainty of the backtest's pick is in them too.
/// </summary>
public static class Forecaster
{
    /// <summary>Sample paths for simulated intervals, as many as R's <c>forecast.ets</c> draws.</summary>
    public const int SimulatedPaths = 5000;

    /// <summary>Rolling origins of the backtest that chooses among ETS, ARIMA, Theta and their mean.</summary>
    public const int BacktestOrigins = 3;

    /// <summary>
    /// The longest series whose backtest refits every model. The last 2h points (at most 48) move parameters estimated
    /// on more points than this very little, and the refits were a third of a 1,000-point forecast's processor time.
    /// </summary>
    public const int RefitUpTo = 300;

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

        var y = series.ToArray();
        if (seasonality is not null)
        {
            var chosen = Ets.SelectAll(y, seasonLength, seasonality);
            return new Forecast(ForecastMethod.Ets, chosen, null, null, null, [.. EtsPoints(chosen, horizon).Select(p => Widen(p, 1, 1, chosen.Best.DegreesOfFreedom))]);
        }

        // A season the autocorrelation test does not find is no season for any of the three.
        var m = seasonLength > 1 && Ets.SeasonalityTest(y, seasonLength) ? seasonLength : 1;
        EtsSelection ets = null!;
        ArimaModel arima = null!;
        ThetaModel theta = null!;
        Parallel.Invoke(
            () => ets = Ets.SelectAll(y, m),
            () => arima = Forecasting.Arima.Select(y, m),
            () => theta = Forecasting.Theta.Fit(y, m));
        var backtest = Backtest(y, m, horizon, ets, arima);
        if (backtest is null)
        {
            var alone = Points(arima.Forecast(horizon)).Select(p => Widen(p, 1, 1, arima.DegreesOfFreedom));
            return new Forecast(ForecastMethod.Arima, ets, arima, theta, null, [.. alone]);
        }

        var candidates = Candidates(ets, arima, theta, horizon).Select((points, k) =>
        {
            var score = backtest[Methods[k]];
            var freedom = DegreesOfFreedom(Methods[k], ets, arima, theta);
            return points.Select(p => Widen(p, score.Widening80, score.Widening95, freedom)).ToArray();
        }).ToArray();
        var best = backtest.Best;
        var answer = candidates[Array.IndexOf(Methods, best)];
        return new Forecast(best, ets, arima, theta, backtest, [.. answer.Select((p, i) => Averaged(p, [.. candidates.Select(c => c[i])]))]);
    }

    private static int DegreesOfFreedom(ForecastMethod method, EtsSelection ets, ArimaModel arima, ThetaModel theta) => method switch
    {
        ForecastMethod.Ets => ets.Best.DegreesOfFreedom,
        ForecastMethod.Arima => arima.DegreesOfFreedom,
        ForecastMethod.Theta => theta.DegreesOfFreedom,
        _ => Math.Min(ets.Best.DegreesOfFreedom, Math.Min(arima.DegreesOfFreedom, theta.DegreesOfFreedom)),
    };

    /// <summary>
    /// The answer's value with the intervals of the equal-weight mixture of every candidate's predictive distribution:
    /// the backtest picks the value, but a pick among four on a few origins is uncertain, so the intervals average over
    /// the candidates (Bayesian model averaging with equal weights; Hoeting et al. 1999). Each candidate's distribution
    /// at a level is the split normal through its widened interval at that level. Each of the four holds a quarter of the
    /// mass and half of it lies on either side of its value, so both levels' intervals contain every candidate's value.
    /// </summary>
    private static ForecastPoint Averaged(ForecastPoint answer, ForecastPoint[] candidates)
    {
        var interval80 = MixtureInterval([.. candidates.Select(c => (c.Value, c.Interval80))], Z80, 0.80);
        var interval95 = MixtureInterval([.. candidates.Select(c => (c.Value, c.Interval95))], Z95, 0.95);
        return answer with
        {
            Interval80 = interval80,
            // Each level's split normals are fitted on their own, so keep the 95% interval around the 80% one.
            Interval95 = new(Math.Min(interval95.Lower, interval80.Lower), Math.Max(interval95.Upper, interval80.Upper)),
        };
    }

    /// <summary>The central <paramref name="level"/> interval of an equal-weight mixture of split normals, by bisection on its CDF.</summary>
    internal static ForecastInterval MixtureInterval((double Value, ForecastInterval Interval)[] parts, double z, double level)
    {
        double Cdf(double x) => parts.Average(p =>
        {
            var deviation = (x < p.Value ? p.Value - p.Interval.Lower : p.Interval.Upper - p.Value) / z;
            return deviation > 0 ? Normal.CDF(p.Value, deviation, x) : x < p.Value ? 0 : 1;
        });

        // Each part puts exactly the tail's mass beyond its own bound, so each quantile lies between the parts' bounds on its side.
        return new(
            InverseCdf(Cdf, (1 - level) / 2, parts.Min(p => p.Interval.Lower), parts.Max(p => p.Interval.Lower)),
            InverseCdf(Cdf, (1 + level) / 2, parts.Min(p => p.Interval.Upper), parts.Max(p => p.Interval.Upper)));
    }

    private static double InverseCdf(Func<double, double> cdf, double probability, double below, double above)
    {
        // Relative to the bracket, so that a series in any unit gets the same interval in that unit.
        var tolerance = 1e-12 * (above - below);
        for (var k = 0; k < 100 && above - below > tolerance; k++)
        {
            var middle = (below + above) / 2;
            (below, above) = cdf(middle) < probability ? (middle, above) : (below, middle);
        }

        return (below + above) / 2;
    }

    /// <summary>Every candidate's points, in <see cref="Methods"/>' order: each model's own, and the mean of the three models' values and bounds.</summary>
    private static ForecastPoint[][] Candidates(EtsSelection ets, ArimaModel arima, ThetaModel theta, int horizon)
    {
        var etsPoints = EtsPoints(ets, horizon);
        var arimaPoints = Points(arima.Forecast(horizon));
        var thetaPoints = Points(theta.Forecast(horizon));
        ForecastPoint[] mean = [.. etsPoints.Select((e, i) =>
        {
            var (a, t) = (arimaPoints[i], thetaPoints[i]);
            return new ForecastPoint(
                e.Step, (e.Value + a.Value + t.Value) / 3,
                new((e.Interval80.Lower + a.Interval80.Lower + t.Interval80.Lower) / 3, (e.Interval80.Upper + a.Interval80.Upper + t.Interval80.Upper) / 3),
                new((e.Interval95.Lower + a.Interval95.Lower + t.Interval95.Lower) / 3, (e.Interval95.Upper + a.Interval95.Upper + t.Interval95.Upper) / 3));
        })];
        return [etsPoints, arimaPoints, thetaPoints, mean];
    }

    /// <summary>
    /// Widens a point's intervals about its value, each level by the larger of the backtest's factor for it and the ratio
    /// of Student-t to normal quantiles at the model's residual degrees of freedom: the textbook allowance for estimated
    /// parameters (a regression's prediction interval), which matters on short series and vanishes on long ones.
    /// </summary>
    private static ForecastPoint Widen(ForecastPoint point, double backtest80, double backtest95, int degreesOfFreedom)
    {
        var f80 = Math.Max(1, Math.Max(backtest80, StudentFactor(degreesOfFreedom, 0.80, Z80)));
        var f95 = Math.Max(1, Math.Max(backtest95, StudentFactor(degreesOfFreedom, 0.95, Z95)));
        return point with
        {
            Interval80 = new(point.Value - (f80 * (point.Value - point.Interval80.Lower)), point.Value + (f80 * (point.Interval80.Upper - point.Value))),
            Interval95 = new(point.Value - (f95 * (point.Value - point.Interval95.Lower)), point.Value + (f95 * (point.Interval95.Upper - point.Value))),
        };
    }

    private static double StudentFactor(int degreesOfFreedom, double level, double z) =>
        degreesOfFreedom >= 1_000 ? 1 : StudentT.InvCDF(0, 1, Math.Max(1, degreesOfFreedom), (1 + level) / 2) / z;

    /// <summary>
    /// Up to <see cref="BacktestOrigins"/> origins ending h, 1.5h and 2h points before the end (h capped at max(2m, 10) and
    /// at what the series can spare), each candidate refitted with the chosen ETS form and ARIMA order on the points
    /// before the origin; null when even the latest origin leaves too few points to fit. Series longer than
    /// <see cref="RefitUpTo"/> keep the full fits' parameters and rerun them over the points before each origin instead.
    /// </summary>
    private static ForecastBacktest? Backtest(double[] y, int m, int horizon, EtsSelection etsFit, ArimaModel arimaFit)
    {
        var minimum = MinimumLength(m) + 4;
        var h = Math.Min(Math.Min(horizon, Math.Max(2 * m, 10)), y.Length - minimum);
        if (h < 1)
        {
            return null;
        }

        var spacing = Math.Max(1, h / 2);
        var origins = Enumerable.Range(0, BacktestOrigins).Select(k => y.Length - h - (k * spacing)).Where(o => o >= minimum).ToArray();
        var runs = origins.AsParallel().Select(origin =>
        {
            var training = y[..origin];
            var actual = y[origin..(origin + h)];
            var (ets, arima) = y.Length > RefitUpTo
                ? (etsFit.Refilter(training), arimaFit.Truncated(origin))
                : (etsFit.Refit(training), Forecasting.Arima.Fit(training, arimaFit.Order));
            var theta = Forecasting.Theta.Fit(training, m);
            return Candidates(ets, arima, theta, h).Select(points => Errors(actual, points)).ToArray();
        }).ToList();
        return new ForecastBacktest(
            origins.Length, h,
            [.. Methods.Select((method, k) =>
            {
                var errors = runs.SelectMany(r => r[k]).ToArray();
                return new BacktestScore(
                    method, errors.Average(e => e.Absolute),
                    ConformalQuantile([.. errors.Select(e => e.Scale80)], 0.80), ConformalQuantile([.. errors.Select(e => e.Scale95)], 0.95));
            })]);
    }

    private static readonly ForecastMethod[] Methods = [ForecastMethod.Ets, ForecastMethod.Arima, ForecastMethod.Theta, ForecastMethod.Combination];

    /// <summary>
    /// Each backtest point's absolute error, and for each level the error in units of the interval's half-width on its
    /// side: the factor that interval, scaled about its value, needed to reach the point (above 1: the point fell outside).
    /// </summary>
    private static (double Absolute, double Scale80, double Scale95)[] Errors(double[] actual, ForecastPoint[] points) =>
        [.. actual.Select((a, i) =>
        {
            var (e, p) = (a - points[i].Value, points[i]);
            return (Math.Abs(e), Scale(e, p.Interval80, p.Value), Scale(e, p.Interval95, p.Value));
        })];

    private static double Scale(double error, ForecastInterval interval, double value)
    {
        var side = error >= 0 ? interval.Upper - value : value - interval.Lower;
        return side > 0 ? Math.Abs(error) / side : 1;
    }

    /// <summary>
    /// The ⌈(n + 1)·level⌉-th smallest of n scores (the largest when that exceeds n): split conformal prediction's
    /// finite-sample quantile, which covers a new exchangeable point with probability at least the level (Vovk et al.
    /// 2005; Lei et al. 2018, "Distribution-free predictive inference for regression").
    /// </summary>
    private static double ConformalQuantile(double[] scores, double level)
    {
        Array.Sort(scores);
        // Less a rounding allowance: (n + 1)·level is often a whole number that binary fractions overshoot.
        var rank = Math.Min(scores.Length, (int)Math.Ceiling(((scores.Length + 1) * level) - 1e-9));
        return scores[rank - 1];
    }

    /// <summary>
    /// The forms' weighted mean with the intervals of the lowest-AICc form moved onto it: most of the weight is that form's
    /// or close to it, and simulating every form's paths would multiply the cost of the non-linear ones.
    /// </summary>
    private static ForecastPoint[] EtsPoints(EtsSelection forms, int horizon)
    {
        var model = forms.Best;
        var own = model.Forecast(horizon);
        var intervals = model.Form.IsLinear ? AnalyticIntervals(model, own) : SimulatedIntervals(model, horizon);
        return [.. forms.Forecast(horizon).Select((v, i) =>
        {
            var shift = v - own[i];
            var (i80, i95) = intervals[i];
            return new ForecastPoint(i + 1, v, new(i80.Lower + shift, i80.Upper + shift), new(i95.Lower + shift, i95.Upper + shift));
        })];
    }

    private static ForecastPoint[] Points((double[] Values, double[] StandardDeviations) forecast) =>
        [.. forecast.Values.Select((v, i) =>
        {
            var sd = forecast.StandardDeviations[i];
            return new ForecastPoint(i + 1, v, new(v - (Z80 * sd), v + (Z80 * sd)), new(v - (Z95 * sd), v + (Z95 * sd)));
        })];

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
