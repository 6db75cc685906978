namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>
/// The Theta method as R's <c>forecast::thetaf</c> computes it (Assimakopoulos and Nikolopoulos 2000, shown by Hyndman
/// and Billah 2003 to be simple exponential smoothing with drift): when the season passes
/// <see cref="Ets.SeasonalityTest"/> the series is divided by a classical multiplicative decomposition's indices; SES
/// (ETS(A,N,N) by maximum likelihood) is fitted to what remains and given a drift of half the least-squares slope, and the
/// indices multiply the forecasts and SES's intervals back.
/// </summary>
public static class Theta
{
    public static ThetaModel Fit(IReadOnlyList<double> series, int seasonLength)
    {
        var y = series as double[] ?? series.ToArray();
        var m = seasonLength;
        var seasonal = m > 1 && y.Length >= 2 * m && y.All(v => v > 0) && Ets.SeasonalityTest(y, m);
        var indices = seasonal ? MultiplicativeIndices(y, m) : [1.0];
        var period = indices.Length;
        var adjusted = y.Select((v, t) => v / indices[t % period]).ToArray();

        var ses = Ets.Fit(adjusted, 1, new EtsForm(ErrorType.Additive, TrendType.None, Seasonality.None));
        var n = adjusted.Length;
        var meanX = (n - 1) / 2.0;
        var meanY = adjusted.Average();
        double covariance = 0, variance = 0;
        for (var t = 0; t < n; t++)
        {
            covariance += (t - meanX) * (adjusted[t] - meanY);
            variance += (t - meanX) * (t - meanX);
        }

        var drift = variance > 0 ? covariance / variance / 2 : 0;
        double[] future = [.. Enumerable.Range(0, period).Select(k => indices[(n + k) % period])];
        // α, the initial level and the drift are estimated.
        return new ThetaModel(seasonal ? m : 1, ses.Alpha, drift, ses.Level, ses.Sigma2, n, future) { DegreesOfFreedom = n - 3 };
    }

    /// <summary>Ratios of the series to its centred moving average, averaged per season position and scaled to average 1.</summary>
    private static double[] MultiplicativeIndices(double[] y, int m)
    {
        var trend = Arima.CentredMovingAverage(y, m);
        var sums = new double[m];
        var counts = new int[m];
        for (var t = 0; t < y.Length; t++)
        {
            if (double.IsFinite(trend[t]) && trend[t] > 0)
            {
                sums[t % m] += y[t] / trend[t];
                counts[t % m]++;
            }
        }

        var figure = sums.Select((s, i) => counts[i] > 0 ? s / counts[i] : 1).ToArray();
        var centre = figure.Average();
        return [.. figure.Select(f => f / centre)];
    }
}

/// <summary>
/// A fitted Theta model: SES's α and final level on the seasonally adjusted series, the drift per step (half the
/// series' linear slope), SES's one-step variance and the seasonal indices of the next season (all 1 when none).
/// </summary>
public sealed record ThetaModel(int SeasonLength, double Alpha, double Drift, double Level, double Sigma2, int Length, IReadOnlyList<double> Seasonals)
{
    public string Name => SeasonLength > 1 ? "Theta (seasonally adjusted)" : "Theta";

    /// <summary>Observations less estimated quantities: the Student-t degrees of freedom of its intervals.</summary>
    internal int DegreesOfFreedom { get; init; } = int.MaxValue;

    /// <summary>Point forecasts ℓ_n + b·(h − 1 + (1 − (1 − α)^n)/α) and SES's standard deviations σ·√(1 + (h − 1)α²), both reseasonalised.</summary>
    public (double[] Values, double[] StandardDeviations) Forecast(int horizon)
    {
        var values = new double[horizon];
        var deviations = new double[horizon];
        var start = (1 - Math.Pow(1 - Alpha, Length)) / Alpha;
        for (var h = 0; h < horizon; h++)
        {
            var index = Seasonals[h % Seasonals.Count];
            values[h] = (Level + (Drift * (h + start))) * index;
            deviations[h] = Math.Sqrt(Sigma2 * (1 + (h * Alpha * Alpha))) * index;
        }

        return (values, deviations);
    }
}
