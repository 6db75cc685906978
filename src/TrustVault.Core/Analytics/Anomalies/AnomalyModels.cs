namespace TrustVault.Core.Analytics.Anomalies;

public enum AnomalyMethod
{
    RobustZScore,
    SeasonalHybridEsd,
    SpectralResidual,
}

/// <summary>
/// Settings for <see cref="AnomalyDetector"/>. <see cref="Period"/> null means "detect it"
/// (<see cref="SeasonalityDetector"/>); 0 or 1 means "no seasonality".
/// </summary>
public sealed record AnomalyOptions
{
    public AnomalyMethod Method { get; init; } = AnomalyMethod.SeasonalHybridEsd;

    public int? Period { get; init; }

    /// <summary>Robust z-score cut-off; 3.5 as recommended by Iglewicz and Hoaglin (1993).</summary>
    public double ZThreshold { get; init; } = 3.5;

    /// <summary>Significance level of the generalized ESD test (Rosner 1983).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Upper bound on the share of points S-H-ESD may flag; Hochenbaum et al. use 10% at most.</summary>
    public double MaxAnomalies { get; init; } = 0.10;

    /// <summary>
    /// Spectral-residual cut-off τ on (S − S̄)/S̄ (Ren et al. 2019, eq. 5). The paper tunes τ per data
    /// set; 5 keeps ordinary points of a noisy seasonal series below it while spikes of a few σ pass.
    /// </summary>
    public double SpectralThreshold { get; init; } = 5.0;
}

/// <summary>One flagged point: its score in the method's own unit and the band ordinary values stay in.</summary>
public sealed record Anomaly(int Index, double Value, double Score, double Expected, double Lower, double Upper);

public sealed record AnomalyReport(AnomalyMethod Method, int? Period, IReadOnlyList<Anomaly> Anomalies);
