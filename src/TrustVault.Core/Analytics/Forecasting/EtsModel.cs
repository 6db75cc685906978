namespace TrustVault.Core.Analytics.Forecasting;

public enum ErrorType
{
    Additive,
    Multiplicative,
}

public enum TrendType
{
    None,
    Additive,
    AdditiveDamped,
}

/// <summary>The seasonal component; <see cref="None"/> comes last so the older members keep their numbers.</summary>
public enum Seasonality
{
    Additive,
    Multiplicative,
    None,
}

/// <summary>One member of the ETS family: how the error, trend and season combine (Hyndman et al. 2008, Table 2.1).</summary>
public sealed record EtsForm(ErrorType Error, TrendType Trend, Seasonality Season)
{
    /// <summary>The name R's forecast package gives the model, e.g. "ETS(M,Ad,M)".</summary>
    public string Name => $"ETS({Letter(Error)},{Trend switch { TrendType.None => "N", TrendType.Additive => "A", _ => "Ad" }},{(Season == Seasonality.None ? "N" : Letter(Season))})";

    /// <summary>Class 1 of Hyndman et al. (2008, ch. 6): linear, so the forecast variance has a closed form.</summary>
    public bool IsLinear => Error == ErrorType.Additive && Season != Seasonality.Multiplicative;

    private static string Letter<T>(T kind) where T : struct, Enum => kind.ToString()[..1];
}

/// <summary>
/// A fitted ETS model: its smoothing weights (β, γ and φ are 0, 0 and 1 where the form has no such component),
/// the state after the last observation, the innovation variance and the fit's likelihood and AICc as R's
/// <c>forecast::ets</c> reports them (log-likelihood up to the same constant, so the numbers compare with R's).
/// </summary>
public sealed record EtsModel(
    EtsForm Form, int SeasonLength, double Alpha, double Beta, double Gamma, double Phi,
    double Level, double Slope, IReadOnlyList<double> Seasonals, double Sigma2, double LogLikelihood, double Aicc)
{
    public string Name => Form.Name;

    /// <summary>The state one step before the first observation, from which <see cref="Ets.Refilter"/> reruns the model.</summary>
    internal EtsState Initial { get; init; } = new(Level, Slope, []);

    /// <summary>Observations less estimated quantities: the Student-t degrees of freedom of its intervals.</summary>
    internal int DegreesOfFreedom { get; init; } = int.MaxValue;

    /// <summary>Point forecasts: the state carried forward with zero errors (Seasonals[0] is the next step's).</summary>
    public double[] Forecast(int horizon)
    {
        var values = new double[horizon];
        var damping = 0.0;
        for (var h = 1; h <= horizon; h++)
        {
            damping += Form.Trend switch { TrendType.None => 0, TrendType.Additive => 1, _ => Math.Pow(Phi, h) };
            var trended = Level + (damping * Slope);
            values[h - 1] = Form.Season switch
            {
                Seasonality.Additive => trended + Seasonals[(h - 1) % SeasonLength],
                Seasonality.Multiplicative => trended * Seasonals[(h - 1) % SeasonLength],
                _ => trended,
            };
        }

        return values;
    }
}
