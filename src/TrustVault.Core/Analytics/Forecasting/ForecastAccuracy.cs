namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>Forecast error measures as defined in Hyndman and Koehler, "Another look at measures of forecast accuracy" (2006).</summary>
public static class ForecastAccuracy
{
    /// <summary>Symmetric MAPE in percent: mean of 200·|F − A| / (|A| + |F|).</summary>
    public static double SymmetricMape(IReadOnlyList<double> actual, IReadOnlyList<double> forecast) =>
        actual.Zip(forecast, (a, f) => Math.Abs(a) + Math.Abs(f) == 0 ? 0 : 200 * Math.Abs(f - a) / (Math.Abs(a) + Math.Abs(f))).Average();

    /// <summary>Mean absolute error scaled by the in-sample mean absolute error of the seasonal-naive forecast (lag <paramref name="seasonLength"/>).</summary>
    public static double Mase(IReadOnlyList<double> training, IReadOnlyList<double> actual, IReadOnlyList<double> forecast, int seasonLength)
    {
        var scale = Enumerable.Range(seasonLength, training.Count - seasonLength).Average(t => Math.Abs(training[t] - training[t - seasonLength]));
        return actual.Zip(forecast, (a, f) => Math.Abs(a - f)).Average() / scale;
    }

    /// <summary>The benchmark every model must beat: each step repeats the value one season earlier.</summary>
    public static double[] SeasonalNaive(IReadOnlyList<double> training, int horizon, int seasonLength) =>
        Enumerable.Range(0, horizon).Select(h => training[training.Count - seasonLength + (h % seasonLength)]).ToArray();
}
