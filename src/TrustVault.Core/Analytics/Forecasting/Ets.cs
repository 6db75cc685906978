using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearRegression;
using MathNet.Numerics.Optimization;

namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>
/// Exponential smoothing state space models fitted by maximum likelihood and chosen by AICc, as R's
/// <c>forecast::ets</c> does (Hyndman, Koehler, Snyder and Grose 2002; Hyndman et al., "Forecasting with
/// Exponential Smoothing", 2008). The recursions, the likelihood n·log Σe² (+ 2·Σlog|ŷ| for multiplicative
/// errors), the "usual" parameter bounds, the starting states and the candidate set follow the package's
/// <c>etscalc</c>, <c>initstate</c> and <c>ets</c> defaults: multiplicative trend is not tried, nor additive
/// errors with a multiplicative season (numerically unstable), nor multiplicative components on series with
/// values ≤ 0.
/// </summary>
public static class Ets
{
    /// <summary>Initial states are estimated with the weights up to this many points; longer series start from
    /// the decomposition's states, whose influence has decayed long before the end (it keeps long series fast).</summary>
    public const int MaxLengthForStateEstimation = 600;

    /// <summary>R's ets refuses seasons above 24; here longer seasons keep their decomposition states unestimated.</summary>
    private const int MaxSeasonForStateEstimation = 24;

    // R stops its simplex at a relative change of 1e-8 or 2,000 evaluations; 1e-6 moves the likelihood by less than
    // 0.01 on a 1,000-point series, and a budget proportional to the dimension stops the search crawling along a bound
    // (φ at 0.98, say), where most of the evaluations went without changing the choice.
    private const double Tolerance = 1e-6;
    private const int MaxIterations = 2000;
    private const int IterationsPerDimension = 150;
    private const int ScreeningIterationsPerDimension = 30;
    private const int Shortlist = 3;
    private const double LowerBound = 1e-4;
    private const double UpperBound = 0.9999;
    private const double PhiLower = 0.8;
    private const double PhiUpper = 0.98;

    /// <summary>The form with the lowest AICc among those <see cref="SelectAll"/> fits: what R's <c>ets()</c> answers with.</summary>
    public static EtsModel Select(IReadOnlyList<double> series, int seasonLength, Seasonality? seasonality = null) =>
        SelectAll(series, seasonLength, seasonality).Best;

    /// <summary>
    /// Fits every admissible form, with their Akaike weights. <paramref name="seasonality"/> restricts the season; left
    /// out, seasonal forms are tried only when the series shows a season at lag <paramref name="seasonLength"/>
    /// (<see cref="SeasonalityTest"/>). On long series only the shortlist of a short search gets the full fit.
    /// </summary>
    public static EtsSelection SelectAll(IReadOnlyList<double> series, int seasonLength, Seasonality? seasonality = null)
    {
        var forms = Candidates(series, seasonLength, seasonality);
        var y = series.ToArray();
        if (y.Length > MaxLengthForStateEstimation && forms.Count > Shortlist)
        {
            // Long series: a short search ranks the forms (their AICc gaps dwarf what the rest of the search gains) and
            // only the best few get the full one, which keeps a 1,000-point series near the cost of a single fit.
            var screened = forms.AsParallel().AsOrdered().Select(form => Fit(y, seasonLength, form, ScreeningIterationsPerDimension))
                .Where(f => double.IsFinite(f.Aicc)).OrderBy(f => f.Aicc).Take(Shortlist).Select(f => f.Form).ToList();
            forms = screened.Count > 0 ? screened : forms;
        }

        return new EtsSelection([.. forms.AsParallel().AsOrdered().Select(form => Fit(y, seasonLength, form, IterationsPerDimension))]);
    }

    /// <summary>The forms <see cref="Select"/> compares for this series.</summary>
    public static IReadOnlyList<EtsForm> Candidates(IReadOnlyList<double> series, int seasonLength, Seasonality? seasonality)
    {
        var positive = series.All(v => v > 0);
        var seasonal = seasonLength > 1 && series.Count >= 2 * seasonLength;
        Seasonality[] seasons = seasonality switch
        {
            Seasonality.None => [Seasonality.None],
            { } chosen when seasonal => [chosen],
            { } => [Seasonality.None],
            null when seasonal && SeasonalityTest(series, seasonLength) => [Seasonality.None, Seasonality.Additive, Seasonality.Multiplicative],
            null => [Seasonality.None],
        };
        var forms = new List<EtsForm>();
        foreach (var error in positive ? [ErrorType.Additive, ErrorType.Multiplicative] : new[] { ErrorType.Additive })
        {
            foreach (var trend in new[] { TrendType.None, TrendType.Additive, TrendType.AdditiveDamped })
            {
                foreach (var season in seasons)
                {
                    var admissible = (season != Seasonality.Multiplicative || (positive && error == ErrorType.Multiplicative))
                        && series.Count > ParameterCount(trend, season, seasonLength) + 1;
                    if (admissible)
                    {
                        forms.Add(new EtsForm(error, trend, season));
                    }
                }
            }
        }

        return forms.Count > 0 ? forms : [new EtsForm(ErrorType.Additive, TrendType.None, Seasonality.None)];
    }

    /// <summary>
    /// The autocorrelation at lag m against its 90% two-sided bound under Bartlett's formula
    /// |r_m| &gt; 1.645·√((1 + 2Σ_{k&lt;m} r_k²)/n), the test R's <c>thetaf</c> and the M4 benchmarks use.
    /// Needs three seasons; with fewer it cannot reject, so the season is kept.
    /// </summary>
    public static bool SeasonalityTest(IReadOnlyList<double> series, int seasonLength)
    {
        var n = series.Count;
        if (n < 3 * seasonLength)
        {
            return true;
        }

        var mean = series.Average();
        var variance = series.Sum(v => (v - mean) * (v - mean));
        if (variance == 0)
        {
            return false;
        }

        double Acf(int lag)
        {
            double sum = 0;
            for (var t = lag; t < n; t++)
            {
                sum += (series[t] - mean) * (series[t - lag] - mean);
            }

            return sum / variance;
        }

        var bartlett = 1.0;
        for (var k = 1; k < seasonLength; k++)
        {
            var r = Acf(k);
            bartlett += 2 * r * r;
        }

        return Math.Abs(Acf(seasonLength)) > 1.6448536269514722 * Math.Sqrt(bartlett / n);
    }

    /// <summary>Maximum-likelihood fit of one form with Nelder–Mead (Math.NET's <see cref="NelderMeadSimplex"/>).</summary>
    public static EtsModel Fit(IReadOnlyList<double> series, int seasonLength, EtsForm form) => Fit(series, seasonLength, form, IterationsPerDimension);

    private static EtsModel Fit(IReadOnlyList<double> series, int seasonLength, EtsForm form, int iterationsPerDimension)
    {
        var y = series as double[] ?? series.ToArray();
        var m = form.Season == Seasonality.None ? 1 : seasonLength;
        var start = StartState(y, m, form);
        var weights = StartWeights(m, form);
        var estimateStates = y.Length <= MaxLengthForStateEstimation && m <= MaxSeasonForStateEstimation;
        var spread = Math.Max(StandardDeviation(y), 1e-8 * Math.Abs(start.Level));
        var parameters = new Layout(form, m, estimateStates, spread > 0 ? spread : 1);

        // −2 log L of y/c is that of y less 2n·log c for either error type: the simplex's relative tolerance then stops
        // at the same point whatever unit the series is in.
        var unit = y.Average(Math.Abs);
        var offset = unit > 0 ? 2.0 * y.Length * Math.Log(unit) : 0;

        var best = (Likelihood: double.PositiveInfinity, Point: parameters.Pack(weights, start));
        var seasonals = new double[m];
        double Objective(Vector<double> point)
        {
            var (w, s) = parameters.Unpack(point, start);
            if (!w.IsValid || (form.Season != Seasonality.None && !w.IsAdmissible(m)) || !s.IsAdmissible(form))
            {
                return double.MaxValue;
            }

            s.Seasonals.CopyTo(seasonals, 0);
            var likelihood = Filter(y, m, form, w, s.Level, s.Slope, seasonals).Likelihood - offset;
            if (likelihood < best.Likelihood)
            {
                best = (likelihood, point.Clone());
            }

            return double.IsFinite(likelihood) ? likelihood : double.MaxValue;
        }

        try
        {
            var perturbation = Vector<double>.Build.Dense(best.Point.Count, i => i < parameters.WeightCount ? 1.0 : 0.1);
            NelderMeadSimplex.Minimum(ObjectiveFunction.Value(Objective), best.Point, perturbation, Tolerance, Math.Min(MaxIterations, iterationsPerDimension * best.Point.Count));
        }
        catch (MaximumIterationsException)
        {
            // Math.NET throws without a point when the budget runs out; the best point tried is kept either way.
        }

        var (weightsFound, states) = parameters.Unpack(best.Point, start);
        return Run(y, m, form, weightsFound, states);
    }

    /// <summary>
    /// A fitted model's weights and initial state run over a prefix of the series it was fitted to: the model as it
    /// stood at an earlier origin, without refitting (the backtest of long series).
    /// </summary>
    internal static EtsModel Refilter(EtsModel model, double[] prefix) =>
        Run(prefix, model.SeasonLength, model.Form, new EtsWeights(model.Alpha, model.Beta, model.Gamma, model.Phi), model.Initial);

    private static EtsModel Run(double[] y, int m, EtsForm form, EtsWeights weights, EtsState states)
    {
        var finalSeasonals = states.Seasonals.ToArray();
        var run = Filter(y, m, form, weights, states.Level, states.Slope, finalSeasonals);
        var n = y.Length;
        var count = ParameterCount(form.Trend, form.Season, m);
        var aic = run.Likelihood + (2.0 * count);
        var aicc = n - count - 1 > 0 ? aic + (2.0 * count * (count + 1) / (n - count - 1)) : double.PositiveInfinity;

        // Re-order the seasonal states so index 0 belongs to the first step after the data.
        double[] ordered = form.Season == Seasonality.None ? [] : [.. Enumerable.Range(0, m).Select(i => finalSeasonals[(n + i) % m])];
        return new EtsModel(
            form, m, weights.Alpha, weights.Beta, weights.Gamma, weights.Phi,
            run.Level, run.Slope, ordered,
            run.SumOfSquares / Math.Max(1, n - count), -0.5 * run.Likelihood, aicc)
        {
            Initial = states,
            DegreesOfFreedom = n - count,
        };
    }

    /// <summary>Estimated quantities as R counts them: the weights, the initial level, slope and m − 1 seasonal states, and σ.</summary>
    private static int ParameterCount(TrendType trend, Seasonality season, int m) =>
        1 + (trend == TrendType.None ? 0 : 1) + (trend == TrendType.AdditiveDamped ? 1 : 0) + (season == Seasonality.None ? 0 : 1) // weights
        + 1 + (trend == TrendType.None ? 0 : 1) + (season == Seasonality.None ? 0 : m - 1) // initial states
        + 1; // σ

    /// <summary>
    /// Runs the state recursions of <c>etscalc</c> over the series from the given initial state (the seasonal
    /// buffer holds the state for time t at t mod m and is updated in place). The updates are the same for both
    /// error types; the error type only changes the likelihood.
    /// </summary>
    internal static (double Likelihood, double SumOfSquares, double Level, double Slope) Filter(
        double[] y, int m, EtsForm form, EtsWeights w, double level, double slope, double[] seasonals)
    {
        // Σlog ŷ is kept as a running product, taking the logarithm only when it nears the double range: a logarithm
        // per step was most of the cost of a multiplicative-error fit.
        double sumOfSquares = 0, logSum = 0, product = 1;
        var multiplicativeError = form.Error == ErrorType.Multiplicative;
        for (var t = 0; t < y.Length; t++)
        {
            var dampedSlope = form.Trend switch { TrendType.None => 0, TrendType.Additive => slope, _ => w.Phi * slope };
            var trended = level + dampedSlope;
            var season = form.Season == Seasonality.None ? 0 : seasonals[t % m];
            var fitted = form.Season switch
            {
                Seasonality.Additive => trended + season,
                Seasonality.Multiplicative => trended * season,
                _ => trended,
            };
            // Relative to the observation (multiplicative forms only see positive data), so a series in any unit passes alike.
            var floor = 1e-10 * Math.Abs(y[t]);
            if ((multiplicativeError && fitted <= floor) || (form.Season == Seasonality.Multiplicative && (trended <= floor || season <= 1e-10)))
            {
                return (double.PositiveInfinity, double.PositiveInfinity, level, slope);
            }

            var error = multiplicativeError ? (y[t] - fitted) / fitted : y[t] - fitted;
            sumOfSquares += error * error;
            if (multiplicativeError && fitted > 1e100)
            {
                logSum += Math.Log(fitted);
            }
            else if (multiplicativeError)
            {
                product *= fitted;
                if (product is > 1e150 or < 1e-150)
                {
                    logSum += Math.Log(product);
                    product = 1;
                }
            }

            var deseasonalised = form.Season switch
            {
                Seasonality.Additive => y[t] - season,
                Seasonality.Multiplicative => y[t] / season,
                _ => y[t],
            };
            var previousLevel = level;
            level = trended + (w.Alpha * (deseasonalised - trended));
            if (form.Trend != TrendType.None)
            {
                slope = dampedSlope + (w.Beta / w.Alpha * (level - previousLevel - dampedSlope));
            }

            if (form.Season != Seasonality.None)
            {
                var detrended = form.Season == Seasonality.Additive ? y[t] - trended : y[t] / trended;
                seasonals[t % m] = season + (w.Gamma * (detrended - season));
            }
        }

        // R floors Σe² so a perfect fit has a finite likelihood.
        var likelihood = (y.Length * Math.Log(Math.Max(sumOfSquares, 1e-300))) + (2 * (logSum + Math.Log(product)));
        return (double.IsNaN(likelihood) ? double.PositiveInfinity : Math.Max(likelihood, -1e10), sumOfSquares, level, slope);
    }

    /// <summary>R's <c>initparam</c>: α small for seasonal data, β a tenth of α, γ a twentieth of its room, φ near its upper bound.</summary>
    private static EtsWeights StartWeights(int m, EtsForm form)
    {
        var alpha = LowerBound + (0.2 * (UpperBound - LowerBound) / m);
        return new EtsWeights(
            alpha,
            form.Trend == TrendType.None ? 0 : LowerBound + (0.1 * (alpha - LowerBound)),
            form.Season == Seasonality.None ? 0 : LowerBound + (0.05 * (1 - alpha - LowerBound)),
            form.Trend == TrendType.AdditiveDamped ? PhiLower + (0.99 * (PhiUpper - PhiLower)) : 1);
    }

    /// <summary>
    /// R's <c>initstate</c> (forecast 8.20): a seasonal component from a classical decomposition of the whole series, or
    /// with fewer than three seasons the residual from a line plus one Fourier pair; the seasonal states are its values
    /// at times 2..m, the first closing the normalisation (multiplicative ones floored at 0.01 and scaled down when
    /// they exceed m). The level and slope come from a straight line through the first max(10, 2m) seasonally adjusted
    /// values (the level at time 0, one step before the first observation).
    /// </summary>
    internal static EtsState StartState(double[] y, int m, EtsForm form)
    {
        var multiplicative = form.Season == Seasonality.Multiplicative;
        var component = form.Season == Seasonality.None ? [] : SeasonalComponent(y, m, multiplicative);
        var adjusted = y.Select((v, t) => form.Season switch
        {
            Seasonality.Additive => v - component[t],
            Seasonality.Multiplicative => v / Math.Max(component[t], 1e-2),
            _ => v,
        }).Take(Math.Min(Math.Max(10, 2 * m), y.Length)).ToArray();
        var seasonals = form.Season == Seasonality.None ? [] : SeasonalStates(component, m, multiplicative);
        if (form.Trend == TrendType.None)
        {
            return new EtsState(adjusted.Average(), 0, seasonals);
        }

        var (intercept, slope) = Line(adjusted);
        return new EtsState(intercept, slope, seasonals);
    }

    private static double[] SeasonalStates(double[] component, int m, bool multiplicative)
    {
        var states = new double[m];
        for (var t = 1; t < m; t++)
        {
            states[t] = multiplicative ? Math.Max(component[t], 0.01) : component[t];
        }

        var sum = states.Sum();
        if (multiplicative && sum > m)
        {
            var scale = sum + (0.01 * (m - 1));
            for (var t = 1; t < m; t++)
            {
                states[t] /= scale;
            }

            sum /= scale;
        }

        states[0] = (multiplicative ? m : 0) - sum;
        return states;
    }

    /// <summary>Least-squares intercept and slope of the values against times 1, 2, …, n (R's <c>lsfit</c>).</summary>
    private static (double Intercept, double Slope) Line(double[] values)
    {
        var meanX = (values.Length + 1) / 2.0;
        var meanY = values.Average();
        double covariance = 0, variance = 0;
        for (var i = 0; i < values.Length; i++)
        {
            covariance += (i + 1 - meanX) * (values[i] - meanY);
            variance += (i + 1 - meanX) * (i + 1 - meanX);
        }

        var slope = variance > 0 ? covariance / variance : 0;
        return (meanY - (slope * meanX), slope);
    }

    /// <summary>The seasonal component at every time: R's <c>decompose</c>, or <c>tslm(y ~ trend + fourier(y, 1))</c>'s residual from its line.</summary>
    private static double[] SeasonalComponent(double[] y, int m, bool multiplicative)
    {
        var n = y.Length;
        if (n < 3 * m)
        {
            // R's fourier(y, K = 1) drops the sine when 2K = m: at a season of 2 it is zero at every point.
            var withSine = m > 2;
            var columns = y.Select((_, t) => withSine
                ? new[] { t + 1.0, Math.Sin(2 * Math.PI * (t + 1) / m), Math.Cos(2 * Math.PI * (t + 1) / m) }
                : [t + 1.0, Math.Cos(2 * Math.PI * (t + 1) / m)]).ToArray();
            var coefficients = MultipleRegression.QR(columns, y, intercept: true);
            return [.. y.Select((v, t) => multiplicative ? v / (coefficients[0] + (coefficients[1] * (t + 1))) : v - coefficients[0] - (coefficients[1] * (t + 1)))];
        }

        var sums = new double[m];
        var counts = new int[m];
        var half = m / 2;
        for (var t = half; t < n - half; t++)
        {
            // A centred moving average of order m (2×m when m is even) spans exactly one season.
            double average;
            if (m % 2 == 0)
            {
                average = 0;
                for (var k = -half; k <= half; k++)
                {
                    average += (Math.Abs(k) == half ? 0.5 : 1) * y[t + k];
                }

                average /= m;
            }
            else
            {
                average = y.AsSpan(t - half, m).ToArray().Average();
            }

            sums[t % m] += multiplicative ? y[t] / average : y[t] - average;
            counts[t % m]++;
        }

        var figure = sums.Select((s, i) => counts[i] > 0 ? s / counts[i] : multiplicative ? 1 : 0).ToArray();
        var centre = figure.Average();
        return [.. Enumerable.Range(0, n).Select(t => multiplicative ? figure[t % m] / centre : figure[t % m] - centre)];
    }

    private static double StandardDeviation(double[] y)
    {
        var mean = y.Average();
        return Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, y.Length - 1));
    }

    /// <summary>
    /// Where each estimated quantity sits in the optimiser's vector. Weights are mapped into R's usual bounds
    /// (1e-4 &lt; α &lt; 0.9999, β &lt; α, γ &lt; 1 − α, 0.8 &lt; φ &lt; 0.98) through logistic transforms so the search is
    /// unconstrained; states are measured in standard deviations of the series from their starting values (seasonal
    /// ones in their own units for a multiplicative season), the last seasonal state closing the normalisation.
    /// </summary>
    private sealed class Layout(EtsForm form, int m, bool estimateStates, double scale)
    {
        private readonly bool trend = form.Trend != TrendType.None;
        private readonly bool damped = form.Trend == TrendType.AdditiveDamped;
        private readonly bool seasonal = form.Season != Seasonality.None;

        public int WeightCount => 1 + (trend ? 1 : 0) + (seasonal ? 1 : 0) + (damped ? 1 : 0);

        private int StateCount => estimateStates ? 1 + (trend ? 1 : 0) + (seasonal ? m - 1 : 0) : 0;

        public Vector<double> Pack(EtsWeights w, EtsState start)
        {
            var point = new double[WeightCount + StateCount];
            var i = 0;
            point[i++] = Logit((w.Alpha - LowerBound) / (UpperBound - LowerBound));
            if (trend)
            {
                point[i++] = Logit((w.Beta - LowerBound) / (w.Alpha - LowerBound));
            }

            if (seasonal)
            {
                point[i++] = Logit((w.Gamma - LowerBound) / (1 - w.Alpha - LowerBound));
            }

            if (damped)
            {
                point[i] = Logit((w.Phi - PhiLower) / (PhiUpper - PhiLower));
            }

            // States start at the decomposition's values, so their offsets are all zero.
            return Vector<double>.Build.Dense(point);
        }

        public (EtsWeights Weights, EtsState States) Unpack(Vector<double> point, EtsState start)
        {
            var i = 0;
            var alpha = LowerBound + ((UpperBound - LowerBound) * Logistic(point[i++]));
            var beta = trend ? LowerBound + ((alpha - LowerBound) * Logistic(point[i++])) : 0;
            var gamma = seasonal ? LowerBound + ((1 - alpha - LowerBound) * Logistic(point[i++])) : 0;
            var phi = damped ? PhiLower + ((PhiUpper - PhiLower) * Logistic(point[i++])) : 1;
            var weights = new EtsWeights(alpha, beta, gamma, phi);
            if (!estimateStates)
            {
                return (weights, start);
            }

            var level = start.Level + (scale * point[i++]);
            var slope = trend ? start.Slope + (scale * point[i++]) : 0;
            var seasonals = start.Seasonals.ToArray();
            if (seasonal)
            {
                var unit = form.Season == Seasonality.Multiplicative ? 1 : scale;
                double sum = 0;
                for (var k = 0; k < m - 1; k++)
                {
                    seasonals[k] = start.Seasonals[k] + (unit * point[i++]);
                    sum += seasonals[k];
                }

                seasonals[m - 1] = form.Season == Seasonality.Multiplicative ? m - sum : -sum;
            }

            return (weights, new EtsState(level, slope, seasonals));
        }

        private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

        private static double Logit(double p) => Math.Log(p / (1 - p));
    }
}

/// <summary>Smoothing weights: α (level), β (slope), γ (season) and φ (damping; 1 when undamped).</summary>
internal sealed record EtsWeights(double Alpha, double Beta, double Gamma, double Phi)
{
    public bool IsValid => double.IsFinite(Alpha) && double.IsFinite(Beta) && double.IsFinite(Gamma) && Alpha > 0;

    /// <summary>
    /// R's <c>admissible</c> for a seasonal form (ets's default bounds are "both": usual and admissible): no root of
    /// φ(1 − α − γ) + (α + β − αφ + γ − 1)z + (α + β − αφ)(z² + … + z^(m−1)) + (α + β − φ)z^m + z^(m+1) lies beyond
    /// 1 + 1e-10 (Hyndman et al. 2008, ch. 10). Its other conditions follow from the usual bounds, and without a season
    /// the usual bounds imply them all. Decided by the Schur–Cohn recursion on the polynomial in z/(1 + 1e-10), which
    /// costs m² operations against a root finder's eigenvalues at every step of the search.
    /// </summary>
    public bool IsAdmissible(int m)
    {
        var coefficients = new double[m + 2];
        coefficients[0] = Phi * (1 - Alpha - Gamma);
        coefficients[1] = Alpha + Beta - (Alpha * Phi) + Gamma - 1;
        for (var k = 2; k < m; k++)
        {
            coefficients[k] = Alpha + Beta - (Alpha * Phi);
        }

        coefficients[m] = Alpha + Beta - Phi;
        coefficients[m + 1] = 1;
        var radius = 1.0;
        for (var k = 1; k <= m + 1; k++)
        {
            radius *= 1 + 1e-10;
            coefficients[k] *= radius;
        }

        // All roots lie inside the unit circle if and only if |a0| < |an| and (p(z) − (a0/an)·p*(z))/z, of one degree less,
        // has all its roots inside too (p* the polynomial with its coefficients reversed).
        var reduced = new double[m + 1];
        for (var degree = m + 1; degree > 0; degree--)
        {
            var (first, last) = (coefficients[0], coefficients[degree]);
            if (Math.Abs(first) >= Math.Abs(last))
            {
                return false;
            }

            var ratio = first / last;
            for (var k = 0; k < degree; k++)
            {
                reduced[k] = coefficients[k + 1] - (ratio * coefficients[degree - 1 - k]);
            }

            (coefficients, reduced) = (reduced, coefficients);
        }

        return true;
    }
}

/// <summary>The state one step before the first observation; Seasonals[t mod m] is the seasonal state for time t.</summary>
internal sealed record EtsState(double Level, double Slope, double[] Seasonals)
{
    public bool IsAdmissible(EtsForm form) =>
        double.IsFinite(Level) && double.IsFinite(Slope) && Seasonals.All(double.IsFinite)
        && (form.Season != Seasonality.Multiplicative || Seasonals.All(s => s > 0));
}
