namespace TrustVault.Core.Analytics.Forecasting;

public sealed record ForecastInterval(double Lower, double Upper);

public sealed record ForecastPoint(int Step, double Value, ForecastInterval Interval80, ForecastInterval Interval95);

public sealed record Forecast(HoltWintersModel Model, IReadOnlyList<ForecastPoint> Points);

/// <summary>
/// Holt-Winters forecasts with prediction intervals. The model (additive or multiplicative
/// seasonality) is chosen by the lower sum of squared one-step errors; multiplicative only for
/// positive series. Interval widths follow the ETS(A,A,A) variance
/// σ²·(1 + Σ_{j=1}^{h−1} c_j²), c_j = α(1 + jβ) + γ·[j mod m = 0] (Hyndman et al., "Forecasting with
/// Exponential Smoothing", 2008, Table 6.1); for multiplicative seasonality the same factor is
/// applied to the relative error, an approximation.
/// </summary>
public static class Forecaster
{
    private const double Z80 = 1.2815515655446004;
    private const double Z95 = 1.959963984540054;

    public static Forecast Forecast(IReadOnlyList<double> series, int horizon, int seasonLength, Seasonality? seasonality = null)
    {
        if (horizon is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), "Forecast 1 to 10,000 steps.");
        }

        var candidates = seasonality is { } chosen
            ? [chosen]
            : series.All(v => v > 0) ? new[] { Seasonality.Additive, Seasonality.Multiplicative } : [Seasonality.Additive];
        var model = candidates.Select(s => HoltWinters.Fit(series, seasonLength, s)).MinBy(m => m.Sse)!;
        var values = model.Forecast(horizon);
        var relativeSigma = model.Seasonality == Seasonality.Multiplicative ? model.ResidualStdDev / series.Average() : 0;
        var points = new ForecastPoint[horizon];
        double sumOfSquares = 0;
        for (var h = 1; h <= horizon; h++)
        {
            if (h > 1)
            {
                var j = h - 1;
                var c = (model.Alpha * (1 + (j * model.Beta))) + (j % seasonLength == 0 ? model.Gamma : 0);
                sumOfSquares += c * c;
            }

            var sigma = model.Seasonality == Seasonality.Multiplicative
                ? relativeSigma * Math.Abs(values[h - 1]) * Math.Sqrt(1 + sumOfSquares)
                : model.ResidualStdDev * Math.Sqrt(1 + sumOfSquares);
            points[h - 1] = new ForecastPoint(
                h, values[h - 1],
                new ForecastInterval(values[h - 1] - (Z80 * sigma), values[h - 1] + (Z80 * sigma)),
                new ForecastInterval(values[h - 1] - (Z95 * sigma), values[h - 1] + (Z95 * sigma)));
        }

        return new Forecast(model, points);
    }
}
