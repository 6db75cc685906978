namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>The orders of a seasonal ARIMA(p,d,q)(P,D,Q)[m] model and whether it has a mean (d + D = 0) or a drift (d + D = 1).</summary>
public sealed record ArimaOrder(int P, int D, int Q, int SeasonalP, int SeasonalD, int SeasonalQ, int SeasonLength, bool Constant)
{
    /// <summary>The name R's forecast package gives the model, e.g. "ARIMA(0,1,1)(0,1,1)[12]" or "ARIMA(0,1,0) with drift".</summary>
    public string Name
    {
        get
        {
            var seasonal = SeasonLength > 1 && SeasonalP + SeasonalD + SeasonalQ > 0 ? $"({SeasonalP},{SeasonalD},{SeasonalQ})[{SeasonLength}]" : "";
            var constant = !Constant ? "" : D + SeasonalD == 0 ? " with non-zero mean" : " with drift";
            return $"ARIMA({P},{D},{Q}){seasonal}{constant}";
        }
    }

    /// <summary>Coefficients estimated besides σ²: the AR and MA terms of both parts and the mean or drift.</summary>
    public int CoefficientCount => P + Q + SeasonalP + SeasonalQ + (Constant ? 1 : 0);
}

/// <summary>How an ARIMA model's coefficients were estimated: R's <c>arima(method = "CSS")</c> or <c>"CSS-ML"</c>.</summary>
public enum ArimaEstimation
{
    ConditionalSumOfSquares,
    MaximumLikelihood,
}

/// <summary>
/// A fitted ARIMA model in R's sign convention: (1 − Σφ_i B^i)(1 − ΣΦ_i B^{im}) ∇^d ∇_m^D (y_t − μ·t^{[d+D=1]}) =
/// (1 + Σθ_j B^j)(1 + ΣΘ_j B^{jm}) e_t; <see cref="Constant"/> is the mean (d + D = 0) or the drift per step
/// (d + D = 1). The likelihood and AICc are those R's <c>arima</c> and <c>auto.arima</c> report for its
/// <see cref="Estimation"/>.
/// </summary>
public sealed record ArimaModel(
    ArimaOrder Order, IReadOnlyList<double> Ar, IReadOnlyList<double> Ma, IReadOnlyList<double> SeasonalAr, IReadOnlyList<double> SeasonalMa,
    double Constant, double Sigma2, double LogLikelihood, double Aicc)
{
    public ArimaEstimation Estimation { get; init; }

    /// <summary>
    /// The series it was fitted to and its residuals, which the forecasts continue: the conditional ones (0 where
    /// conditioned on), or the exact fit's one-step prediction errors.
    /// </summary>
    internal double[] Series { get; init; } = [];

    internal double[] Residuals { get; init; } = [];

    /// <summary>Residuals less estimated coefficients: the Student-t degrees of freedom of its intervals.</summary>
    internal int DegreesOfFreedom { get; init; } = int.MaxValue;

    /// <summary>
    /// An AR or MA root within 1% of the unit circle: the search skips such a model, as auto.arima does. The model chosen
    /// on the search window may still have one when refitted to the whole series; its AICc stays the real figure.
    /// </summary>
    internal bool NearUnitRoot { get; init; }

    /// <summary>
    /// The model as it stood after the series' first <paramref name="length"/> points, its coefficients kept: either
    /// kind of residual depends on past points only, so the prefix's are the full fit's (the backtest of long series).
    /// </summary>
    internal ArimaModel Truncated(int length) => this with { Series = Series[..length], Residuals = Residuals[..length] };

    public string Name => Order.Name;

    /// <summary>Point forecasts and their standard deviations σ·√Σ_{j&lt;h} ψ_j² from the model's ψ-weights (differencing included).</summary>
    public (double[] Values, double[] StandardDeviations) Forecast(int horizon)
    {
        var m = Order.SeasonLength;
        var ar = Arima.Multiply(Arima.ArPolynomial(Ar), Arima.ArPolynomial(SeasonalAr, m));
        var ma = Arima.Multiply(Arima.MaPolynomial(Ma), Arima.MaPolynomial(SeasonalMa, m));
        var differencing = Arima.DifferencingPolynomial(Order.D, Order.SeasonalD, m);
        var full = Arima.Multiply(ar, differencing);
        var n = Series.Length;

        // The constant enters as a regression on 1 (mean) or on t (drift): forecast y − μ·x and add it back.
        double Regressor(int t) => !Order.Constant ? 0 : Order.D + Order.SeasonalD == 0 ? Constant : Constant * (t + 1);
        var adjusted = new double[n + horizon];
        var errors = new double[n + horizon];
        for (var t = 0; t < n; t++)
        {
            adjusted[t] = Series[t] - Regressor(t);
            errors[t] = Residuals[t];
        }

        var values = new double[horizon];
        for (var h = 0; h < horizon; h++)
        {
            var t = n + h;
            double value = 0;
            for (var i = 1; i < full.Length; i++)
            {
                value -= full[i] * (t - i >= 0 ? adjusted[t - i] : 0);
            }

            for (var j = 1; j < ma.Length; j++)
            {
                value += ma[j] * (t - j >= 0 ? errors[t - j] : 0);
            }

            adjusted[t] = value;
            values[h] = value + Regressor(t);
        }

        // ψ-weights of ma(B)/full(B): ψ_0 = 1, ψ_j = ma_j − Σ_{i=1..j} full_i·ψ_{j−i}.
        var psi = new double[horizon];
        var deviations = new double[horizon];
        double sum = 0;
        for (var j = 0; j < horizon; j++)
        {
            var weight = j == 0 ? 1 : j < ma.Length ? ma[j] : 0;
            for (var i = 1; i <= j && i < full.Length; i++)
            {
                weight -= full[i] * psi[j - i];
            }

            psi[j] = weight;
            sum += weight * weight;
            deviations[j] = Math.Sqrt(Sigma2 * sum);
        }

        return (values, deviations);
    }
}
