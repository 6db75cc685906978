namespace TrustVault.Core.Analytics.Anomalies;

public enum AnomalyMethod
{
    RobustZScore,
    SeasonalHybridEsd,
    SpectralResidual,

    /// <summary>Causal: each point scored from earlier points only (<see cref="StreamingAnomalyScorer"/>).</summary>
    Streaming,
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

    /// <summary>
    /// Upper bound on the share of points a batch method flags (at least one): S-H-ESD's k, and for the other two
    /// the highest-scoring points are kept. One point in a hundred: on 5-minute machine data that is at most three
    /// alerts a day, where the fixed cut-offs alone flagged a tenth of a NAB file. Hochenbaum et al. allow up to
    /// 10% for S-H-ESD; ask for more when a level shift should be flagged whole. The streaming method has no cap,
    /// which would look at later points: its threshold is relative to its own recent scores instead.
    /// </summary>
    public double MaxAnomalies { get; init; } = 0.01;

    /// <summary>
    /// Spectral-residual cut-off τ on (S − S̄)/S̄ (Ren et al. 2019, eq. 5). The paper tunes τ per data
    /// set; 5 keeps ordinary points of a noisy seasonal series below it while spikes of a few σ pass.
    /// </summary>
    public double SpectralThreshold { get; init; } = 5.0;

    /// <summary>Cut-off on the streaming score, chosen by leave-one-file-out on NAB files (<see cref="StreamingAnomalyScorer.DefaultThreshold"/>).</summary>
    public double StreamingThreshold { get; init; } = StreamingAnomalyScorer.DefaultThreshold;
}

/// <summary>One flagged point: its score in the method's own unit and the band ordinary values stay in.</summary>
public sealed record Anomaly(int Index, double Value, double Score, double Expected, double Lower, double Upper);

/// <param name="Scores">Every point's score, in the method's unit, so a caller can apply its own threshold.</param>
public sealed record AnomalyReport(AnomalyMethod Method, int? Period, IReadOnlyList<Anomaly> Anomalies, IReadOnlyList<double> Scores);
