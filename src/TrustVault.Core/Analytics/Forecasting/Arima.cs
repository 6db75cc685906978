using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>
/// Seasonal ARIMA chosen as R's <c>forecast::auto.arima</c> does (Hyndman and Khandakar, "Automatic time series
/// forecasting: the forecast package for R", 2008): the seasonal difference when the seasonal strength of a
/// decomposition exceeds 0.64 (<c>nsdiffs(test = "seas")</c>), then first differences while the KPSS test rejects level
/// stationarity at 5% (<c>ndiffs</c>), then the stepwise search over p, q ≤ 5 and P, Q ≤ 2 by AICc. Fits are by exact
/// maximum likelihood from conditional-sum-of-squares starting values (R's <c>method = "CSS-ML"</c>), on long series by
/// conditional sum of squares alone (see <see cref="Fit(IReadOnlyList{double}, ArimaOrder)"/>), with the AR and MA
/// polynomials kept stationary and invertible through R's partial-autocorrelation transform.
/// </summary>
public static class Arima
{
    private const int MaxP = 5;
    private const int MaxQ = 5;
    private const int MaxSeasonalP = 2;
    private const int MaxSeasonalQ = 2;
    private const int MaxOrder = 5;
    private const int MaxSteps = 94;
    private const double SeasonalStrengthThreshold = 0.64;
    private const int SeasonalWindow = 11;

    // Long series choose their model on their last 300 points, differences included, and fit it on all of them: the
    // search visits 20 to 40 orders, and on a 1,000-point series it would otherwise cost most of the forecast's time.
    // The differences come from the same points as the orders, so the search compares models of the series it fits.
    private const int MaxSearchLength = 300;

    // auto.arima drops a model whose AR or MA polynomial has a root within 1% of the unit circle: near-cancelling
    // roots give forecasts of a different differencing order than the name says.
    private const double MinimumRootModulus = 1.01;

    // KPSS level-stationarity critical value at 5% (Kwiatkowski et al. 1992, Table 1), as urca's ur.kpss gives it.
    private const double KpssCritical5 = 0.463;
    private const double Tolerance = 1e-6;
    private const double ConditionalStep = 0.5;

    // The exact fit starts at the conditional estimates, so its first simplex is smaller.
    private const double LikelihoodStep = 0.1;

    /// <summary>
    /// The longest series fitted by exact maximum likelihood. R's arima does so at any length; here a longer series keeps
    /// the conditional fit, which the filter's r² work a point would make most of a 1,000-point forecast's time, and
    /// which differs from the exact one by its first p + P·m points' share of the likelihood.
    /// </summary>
    public const int MaximumLikelihoodUpTo = 300;

    // auto.arima's approximation: past 150 points (or a season over 12) the search compares conditional fits and only
    // the order it ends on is refitted by maximum likelihood.
    private const int ApproximateAbove = 150;
    private const int IterationsPerDimension = 150;

    /// <summary>The model the stepwise search ends on; season length 1 gives non-seasonal orders only.</summary>
    public static ArimaModel Select(IReadOnlyList<double> series, int seasonLength)
    {
        var y = series as double[] ?? series.ToArray();
        var m = seasonLength;
        var searched = y.Length > MaxSearchLength ? y[^MaxSearchLength..] : y;
        var seasonalD = m > 1 && searched.Length >= 2 * m + 2 && SeasonalStrength(searched, m) > SeasonalStrengthThreshold ? 1 : 0;
        var seasonallyDifferenced = seasonalD == 1 ? Difference(searched, m) : searched;
        var d = Differences(seasonallyDifferenced);
        var constantAllowed = d + seasonalD <= 1;
        // Not auto.arima's rule: on a few points AICc's penalty can prefer a zero mean to the series' own level
        // (auto.arima forecasts 0, 0, 0 after 3, 5, 4, 6). An undifferenced series whose mean stands clear of zero keeps it.
        var meanRequired = d + seasonalD == 0 && MeanStandsClearOfZero(searched);
        var seasonal = m > 1;
        var approximate = searched.Length > ApproximateAbove || m > 12;
        var estimation = approximate ? ArimaEstimation.ConditionalSumOfSquares : ArimaEstimation.MaximumLikelihood;

        var fits = new Dictionary<ArimaOrder, ArimaModel>();
        ArimaModel? best = null;
        void Evaluate(IEnumerable<ArimaOrder> orders)
        {
            var fresh = orders.Where(o => Admissible(o, searched.Length) && !fits.ContainsKey(o)).Distinct().ToList();
            foreach (var model in fresh.AsParallel().Select(o => Fit(searched, o, estimation)).ToList())
            {
                fits[model.Order] = model;
                if (!model.NearUnitRoot && double.IsFinite(model.Aicc) && (best is null || model.Aicc < best.Aicc))
                {
                    best = model;
                }
            }
        }

        ArimaOrder Order(int p, int q, int sp, int sq, bool constant) =>
            new(p, d, q, seasonal ? sp : 0, seasonalD, seasonal ? sq : 0, seasonal ? m : 1, (constant || meanRequired) && constantAllowed);

        // Hyndman and Khandakar's four starting models, then the neighbours of the best until none improves.
        Evaluate([Order(2, 2, 1, 1, true), Order(0, 0, 0, 0, true), Order(1, 0, 1, 0, true), Order(0, 1, 0, 1, true), Order(0, 0, 0, 0, false)]);
        for (var step = 0; step < MaxSteps && best is not null; step++)
        {
            var current = best;
            var o = current.Order;
            Evaluate(
            [
                Order(o.P, o.Q, o.SeasonalP - 1, o.SeasonalQ, o.Constant), Order(o.P, o.Q, o.SeasonalP + 1, o.SeasonalQ, o.Constant),
                Order(o.P, o.Q, o.SeasonalP, o.SeasonalQ - 1, o.Constant), Order(o.P, o.Q, o.SeasonalP, o.SeasonalQ + 1, o.Constant),
                Order(o.P, o.Q, o.SeasonalP - 1, o.SeasonalQ - 1, o.Constant), Order(o.P, o.Q, o.SeasonalP + 1, o.SeasonalQ + 1, o.Constant),
                Order(o.P - 1, o.Q, o.SeasonalP, o.SeasonalQ, o.Constant), Order(o.P + 1, o.Q, o.SeasonalP, o.SeasonalQ, o.Constant),
                Order(o.P, o.Q - 1, o.SeasonalP, o.SeasonalQ, o.Constant), Order(o.P, o.Q + 1, o.SeasonalP, o.SeasonalQ, o.Constant),
                Order(o.P - 1, o.Q - 1, o.SeasonalP, o.SeasonalQ, o.Constant), Order(o.P + 1, o.Q + 1, o.SeasonalP, o.SeasonalQ, o.Constant),
                Order(o.P, o.Q, o.SeasonalP, o.SeasonalQ, !o.Constant),
            ]);
            if (ReferenceEquals(best, current))
            {
                break;
            }
        }

        return best is null ? Fit(y, Order(0, 0, 0, 0, false)) : approximate ? Fit(y, best.Order) : best;
    }

    /// <summary>Whether the mean lies more than three standard errors from zero (a series of one repeated value: when it is not zero).</summary>
    private static bool MeanStandsClearOfZero(double[] y)
    {
        var mean = y.Average();
        var standardError = Math.Sqrt(Variance([.. y]) / y.Length);
        return Math.Abs(mean) > 3 * standardError;
    }

    /// <summary>
    /// An order the search may visit: within auto.arima's bounds, which shrink with the series (p, q ≤ n/3; P, Q ≤ n/3m;
    /// p, q below m when a seasonal term is possible), and leaving more residuals than coefficients.
    /// </summary>
    private static bool Admissible(ArimaOrder o, int n)
    {
        var (maxSeasonalP, maxSeasonalQ) = (Math.Min(MaxSeasonalP, n / 3 / o.SeasonLength), Math.Min(MaxSeasonalQ, n / 3 / o.SeasonLength));
        var maxP = Math.Min(Math.Min(MaxP, n / 3), o.SeasonLength > 1 && maxSeasonalP > 0 ? o.SeasonLength - 1 : MaxP);
        var maxQ = Math.Min(Math.Min(MaxQ, n / 3), o.SeasonLength > 1 && maxSeasonalQ > 0 ? o.SeasonLength - 1 : MaxQ);
        return o.P >= 0 && o.P <= maxP && o.Q >= 0 && o.Q <= maxQ
            && o.SeasonalP >= 0 && o.SeasonalP <= maxSeasonalP && o.SeasonalQ >= 0 && o.SeasonalQ <= maxSeasonalQ
            && o.P + o.Q + o.SeasonalP + o.SeasonalQ <= MaxOrder
            && n - o.D - (o.SeasonalD * o.SeasonLength) - o.P - (o.SeasonalP * o.SeasonLength) > o.CoefficientCount + 2;
    }

    /// <summary>
    /// One order fitted as R's <c>arima</c> does by default: by exact maximum likelihood from conditional-sum-of-squares
    /// starting values up to <see cref="MaximumLikelihoodUpTo"/> points, by conditional sum of squares beyond.
    /// </summary>
    public static ArimaModel Fit(IReadOnlyList<double> series, ArimaOrder order) =>
        Fit(series, order, series.Count <= MaximumLikelihoodUpTo ? ArimaEstimation.MaximumLikelihood : ArimaEstimation.ConditionalSumOfSquares);

    /// <summary>
    /// One order fitted with Nelder–Mead by conditional sum of squares (R's <c>method = "CSS"</c>) or, from those
    /// estimates, by exact maximum likelihood (R's <c>"CSS-ML"</c>); a likelihood the optimiser cannot evaluate at any
    /// point it reaches leaves the conditional fit, as auto.arima moves on when R's ML fit fails.
    /// </summary>
    public static ArimaModel Fit(IReadOnlyList<double> series, ArimaOrder order, ArimaEstimation estimation)
    {
        var y = series as double[] ?? series.ToArray();
        var m = order.SeasonLength;
        var w = order.SeasonalD == 1 ? Difference(y, m) : y;
        for (var i = 0; i < order.D; i++)
        {
            w = Difference(w, 1);
        }

        var mean = w.Length > 0 ? w.Average() : 0;
        var spread = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, w.Length - 1));
        var scale = spread > 0 ? spread : 1;
        var layout = new Layout(order);
        var conditioning = order.P + (order.SeasonalP * m);
        var residuals = new double[w.Length];

        double Conditional(Vector<double> point)
        {
            var (ar, ma, constant) = layout.Polynomials(point, mean, scale);
            var sum = SumOfSquares(w, ar, ma, constant, conditioning, residuals);
            return double.IsFinite(sum) ? sum : double.MaxValue;
        }

        var best = Minimise(Conditional, Vector<double>.Build.Dense(layout.Count), ConditionalStep);
        var exact = estimation == ArimaEstimation.MaximumLikelihood ? MaximiseLikelihood(w, layout, mean, scale, best) : null;
        double sigma2, logLikelihood;
        int used = w.Length, lost;
        if (exact is { } found)
        {
            // forecast::Arima's σ²: the squared standardised prediction errors over n less the coefficients.
            best = found.Point;
            (sigma2, logLikelihood, lost) = (found.SumOfSquares / Math.Max(1, used - order.CoefficientCount), found.LogLikelihood, 0);
            Array.Copy(found.Innovations, residuals, residuals.Length);
        }
        else
        {
            var (arCss, maCss, constantCss) = layout.Polynomials(best, mean, scale);
            sigma2 = SumOfSquares(w, arCss, maCss, constantCss, conditioning, residuals) / Math.Max(1, used - conditioning);

            // R's arima(method = "CSS"): loglik = −½·n_used·(log σ² + 1 + log 2π), σ² over the conditioned residuals.
            logLikelihood = -0.5 * used * (Math.Log(Math.Max(sigma2, 1e-300)) + 1 + Math.Log(2 * Math.PI));
            lost = conditioning;
        }

        var (arFound, maFound, constantFound) = layout.Polynomials(best, mean, scale);
        var k = order.CoefficientCount + 1;
        var aic = (-2 * logLikelihood) + (2 * k);
        var aicc = used - k - 1 > 0 ? aic + (2.0 * k * (k + 1) / (used - k - 1)) : double.PositiveInfinity;

        var offset = y.Length - w.Length;
        var allResiduals = new double[y.Length];
        Array.Copy(residuals, 0, allResiduals, offset, residuals.Length);
        var (regular, seasonalAr, regularMa, seasonalMa) = layout.Coefficients(best);
        var drift = order.D + order.SeasonalD == 1 && order.SeasonalD == 1 ? constantFound / m : constantFound;
        return new ArimaModel(order, regular, regularMa, seasonalAr, seasonalMa, order.Constant ? drift : 0, sigma2, logLikelihood, aicc)
        {
            Series = y,
            Residuals = allResiduals,
            Estimation = exact is null ? ArimaEstimation.ConditionalSumOfSquares : ArimaEstimation.MaximumLikelihood,
            DegreesOfFreedom = used - lost - k,
            NearUnitRoot = NearestRoot(arFound) <= MinimumRootModulus || NearestRoot(maFound) <= MinimumRootModulus,
        };
    }

    /// <summary>
    /// The exact likelihood's maximum from the conditional estimates, as R's CSS-ML; null when it cannot be evaluated.
    /// The one-step prediction errors become the residuals the forecasts continue: once the filter has settled they
    /// are the model's errors, and before it they are what the state's uncertainty leaves of them.
    /// </summary>
    private static (Vector<double> Point, double SumOfSquares, double LogLikelihood, double[] Innovations)? MaximiseLikelihood(
        double[] w, Layout layout, double mean, double scale, Vector<double> start)
    {
        var n = w.Length;
        if (n == 0)
        {
            return null;
        }

        var centred = new double[n];
        var innovations = new double[n];

        // −2·log-likelihood less n·(1 + log 2π): n·log(S/n) + Σlog F_t, σ² = S/n profiled out (R's armafn, doubled); and S.
        // Each evaluation leaves the point's one-step prediction errors in the innovations.
        (double Deviance, double SumOfSquares) Evaluate(Vector<double> point)
        {
            var (ar, ma, constant) = layout.Polynomials(point, mean, scale);
            for (var t = 0; t < n; t++)
            {
                centred[t] = w[t] - constant;
            }

            var (sumOfSquares, sumOfLogs) = ArimaLikelihood.Filter(centred, ar, ma, innovations);
            var value = (n * Math.Log(sumOfSquares / n)) + sumOfLogs;
            return (double.IsFinite(value) ? value : double.MaxValue, sumOfSquares);
        }

        var startValue = Evaluate(start).Deviance;
        if (startValue == double.MaxValue)
        {
            return null;
        }

        // Math.NET's simplex stops on the relative spread of its values, which a deviance near 0 never reaches: the
        // optimiser sees the deviance measured from n above its starting value, so the tolerance is about n·1e-6.
        var best = Minimise(point => Evaluate(point).Deviance - startValue + n, start, LikelihoodStep);
        var (deviance, sumOfSquaresFound) = Evaluate(best);
        if (deviance == double.MaxValue)
        {
            return null;
        }

        return (best, sumOfSquaresFound, -0.5 * (deviance + (n * (1 + Math.Log(2 * Math.PI)))), innovations);
    }

    /// <summary>Nelder–Mead from <paramref name="start"/>, keeping the best point tried when the iterations run out (as the ETS fits do).</summary>
    private static Vector<double> Minimise(Func<Vector<double>, double> objective, Vector<double> start, double step)
    {
        var best = start;
        if (start.Count == 0)
        {
            return best;
        }

        var bestValue = double.PositiveInfinity;
        double Tracked(Vector<double> point)
        {
            var value = objective(point);
            if (value < bestValue)
            {
                (bestValue, best) = (value, point.Clone());
            }

            return value;
        }

        try
        {
            NelderMeadSimplex.Minimum(ObjectiveFunction.Value(Tracked), start, Vector<double>.Build.Dense(start.Count, step), Tolerance, IterationsPerDimension * start.Count);
        }
        catch (MaximumIterationsException)
        {
            // The best point tried is kept.
        }

        return best;
    }

    /// <summary>Σe_t² for t ≥ the conditioning points, e_t = z_t − Σ(−ar_i)z_{t−i} − Σma_j·e_{t−j} with z = w − c and earlier e = 0.</summary>
    private static double SumOfSquares(double[] w, double[] ar, double[] ma, double constant, int conditioning, double[] residuals)
    {
        // Seasonal polynomials are mostly zeros: walk only the lags that carry a coefficient.
        var (arLags, arCoefficients) = NonZero(ar);
        var (maLags, maCoefficients) = NonZero(ma);
        Array.Clear(residuals, 0, Math.Min(conditioning, residuals.Length));
        double sum = 0;
        for (var t = conditioning; t < w.Length; t++)
        {
            var e = w[t] - constant;
            for (var k = 0; k < arLags.Length; k++)
            {
                e += arCoefficients[k] * (w[t - arLags[k]] - constant);
            }

            for (var k = 0; k < maLags.Length && maLags[k] <= t; k++)
            {
                e -= maCoefficients[k] * residuals[t - maLags[k]];
            }

            residuals[t] = e;
            sum += e * e;
        }

        return sum;
    }

    private static (int[] Lags, double[] Coefficients) NonZero(double[] polynomial)
    {
        var lags = new List<int>();
        for (var i = 1; i < polynomial.Length; i++)
        {
            if (polynomial[i] != 0)
            {
                lags.Add(i);
            }
        }

        return ([.. lags], [.. lags.Select(i => polynomial[i])]);
    }

    /// <summary>
    /// ndiffs: how many first differences (at most 2) until KPSS no longer rejects level stationarity at 5%, with
    /// ⌊3√n/13⌋ Newey–West lags as ndiffs passes to urca's ur.kpss.
    /// </summary>
    public static int Differences(IReadOnlyList<double> series)
    {
        var x = series as double[] ?? series.ToArray();
        var d = 0;
        while (d < 2 && x.Length > 3 && Kpss(x) > KpssCritical5)
        {
            x = Difference(x, 1);
            d++;
        }

        return d;
    }

    /// <summary>The KPSS level-stationarity statistic (Kwiatkowski, Phillips, Schmidt and Shin 1992); 0 for a constant series.</summary>
    public static double Kpss(IReadOnlyList<double> x)
    {
        var n = x.Count;
        var mean = x.Average();
        var e = x.Select(v => v - mean).ToArray();
        double partial = 0, eta = 0, variance = 0;
        foreach (var v in e)
        {
            partial += v;
            eta += partial * partial;
            variance += v * v;
        }

        var lags = (int)Math.Floor(3 * Math.Sqrt(n) / 13);
        for (var l = 1; l <= lags; l++)
        {
            double covariance = 0;
            for (var t = l; t < n; t++)
            {
                covariance += e[t] * e[t - l];
            }

            variance += 2 * (1 - (l / (lags + 1.0))) * covariance;
        }

        variance /= n;
        // Deviations at rounding level are a constant series in any unit.
        return variance <= 1e-24 * x.Average(v => v * v) ? 0 : eta / ((double)n * n) / variance;
    }

    /// <summary>
    /// Seasonal strength max(0, 1 − Var(R)/Var(S + R)) (Wang, Smith and Hyndman 2006). R's <c>nsdiffs(test = "seas")</c>
    /// takes S and R from STL; here the trend is the centred moving average and each season position's component the
    /// mean of its detrended values over the nearest 11 seasons, STL's default seasonal window in <c>mstl</c>, so a
    /// season whose amplitude grows is still a season.
    /// </summary>
    public static double SeasonalStrength(IReadOnlyList<double> series, int m)
    {
        var y = series as double[] ?? series.ToArray();
        var trend = CentredMovingAverage(y, m);
        var first = m / 2;
        var detrended = y.Select((v, t) => v - trend[t]).ToArray();
        var seasonalPlusRemainder = new List<double>();
        var remainder = new List<double>();
        for (var t = first; t < y.Length - first; t++)
        {
            double sum = 0;
            var count = 0;
            for (var u = t - (SeasonalWindow / 2 * m); u <= t + (SeasonalWindow / 2 * m); u += m)
            {
                if (u >= first && u < y.Length - first)
                {
                    sum += detrended[u];
                    count++;
                }
            }

            seasonalPlusRemainder.Add(detrended[t]);
            remainder.Add(detrended[t] - (sum / count));
        }

        var total = Variance(seasonalPlusRemainder);
        return total <= 0 ? 0 : Math.Max(0, 1 - (Variance(remainder) / total));
    }

    /// <summary>A centred moving average of order m (2×m when m is even); NaN where the window does not fit.</summary>
    internal static double[] CentredMovingAverage(double[] y, int m)
    {
        var result = Enumerable.Repeat(double.NaN, y.Length).ToArray();
        var half = m / 2;
        for (var t = half; t < y.Length - half; t++)
        {
            double sum = 0;
            for (var k = -half; k <= half; k++)
            {
                sum += (m % 2 == 0 && Math.Abs(k) == half ? 0.5 : 1) * y[t + k];
            }

            result[t] = sum / m;
        }

        return result;
    }

    private static double Variance(List<double> values)
    {
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1);
    }

    /// <summary>The smallest modulus among the roots of a polynomial with constant term 1; infinite for a constant.</summary>
    private static double NearestRoot(double[] polynomial)
    {
        var degree = polynomial.Length - 1;
        while (degree > 0 && Math.Abs(polynomial[degree]) < 1e-8)
        {
            degree--;
        }

        return degree == 0 ? double.PositiveInfinity : new Polynomial(polynomial[..(degree + 1)]).Roots().Min(r => r.Magnitude);
    }

    internal static double[] Difference(double[] x, int lag)
    {
        var result = new double[Math.Max(0, x.Length - lag)];
        for (var t = lag; t < x.Length; t++)
        {
            result[t - lag] = x[t] - x[t - lag];
        }

        return result;
    }

    /// <summary>1 − Σφ_i B^{i·step} as coefficients of B^0, B^1, …</summary>
    internal static double[] ArPolynomial(IReadOnlyList<double> phi, int step = 1)
    {
        var result = new double[(phi.Count * step) + 1];
        result[0] = 1;
        for (var i = 0; i < phi.Count; i++)
        {
            result[(i + 1) * step] = -phi[i];
        }

        return result;
    }

    /// <summary>1 + Σθ_j B^{j·step}.</summary>
    internal static double[] MaPolynomial(IReadOnlyList<double> theta, int step = 1) => [.. ArPolynomial(theta, step).Select((c, i) => i == 0 ? c : -c)];

    /// <summary>(1 − B)^d (1 − B^m)^D.</summary>
    internal static double[] DifferencingPolynomial(int d, int seasonalD, int m)
    {
        double[] result = [1];
        for (var i = 0; i < d; i++)
        {
            result = Multiply(result, [1, -1]);
        }

        for (var i = 0; i < seasonalD; i++)
        {
            result = Multiply(result, ArPolynomial([1.0], m));
        }

        return result;
    }

    internal static double[] Multiply(double[] a, double[] b)
    {
        var result = new double[a.Length + b.Length - 1];
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                result[i + j] += a[i] * b[j];
            }
        }

        return result;
    }

    /// <summary>
    /// R's <c>partrans</c>: maps unconstrained values through tanh to partial autocorrelations and by Durbin–Levinson
    /// to the coefficients of a stationary AR polynomial (Jones 1980); an invertible MA polynomial is the same map negated.
    /// </summary>
    internal static double[] Stationary(ReadOnlySpan<double> raw)
    {
        var p = raw.Length;
        var result = new double[p];
        var work = new double[p];
        for (var j = 0; j < p; j++)
        {
            work[j] = result[j] = Math.Tanh(raw[j]);
        }

        for (var j = 1; j < p; j++)
        {
            var a = result[j];
            for (var k = 0; k < j; k++)
            {
                work[k] -= a * result[j - k - 1];
            }

            Array.Copy(work, result, j);
        }

        return result;
    }

    /// <summary>The optimiser's vector: p, q, P, Q unconstrained values, then the constant in standard deviations from the mean.</summary>
    private sealed class Layout(ArimaOrder order)
    {
        public int Count => order.CoefficientCount;

        public (double[] Ar, double[] Ma, double Constant) Polynomials(Vector<double> point, double mean, double scale)
        {
            var (ar, seasonalAr, ma, seasonalMa) = Coefficients(point);
            var constant = order.Constant ? mean + (scale * point[Count - 1]) : 0;
            return (Multiply(ArPolynomial(ar), ArPolynomial(seasonalAr, order.SeasonLength)),
                Multiply(MaPolynomial(ma), MaPolynomial(seasonalMa, order.SeasonLength)), constant);
        }

        public (double[] Ar, double[] SeasonalAr, double[] Ma, double[] SeasonalMa) Coefficients(Vector<double> point)
        {
            var values = point.AsArray() ?? point.ToArray();
            var span = values.AsSpan();
            var ar = Stationary(span[..order.P]);
            span = span[order.P..];
            var seasonalAr = Stationary(span[..order.SeasonalP]);
            span = span[order.SeasonalP..];
            var ma = Stationary(span[..order.Q]).Select(c => -c).ToArray();
            span = span[order.Q..];
            var seasonalMa = Stationary(span[..order.SeasonalQ]).Select(c => -c).ToArray();
            return (ar, seasonalAr, ma, seasonalMa);
        }
    }
}
