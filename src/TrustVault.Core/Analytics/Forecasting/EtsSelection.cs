namespace TrustVault.Core.Analytics.Forecasting;

/// <summary>
/// The ETS forms fitted to one series and their Akaike weights, w_k = exp(−Δ_k/2) / Σ_j exp(−Δ_j/2) with Δ_k the
/// form's AICc less the lowest (Burnham and Anderson 2002, §2.9). The forecast is the weighted mean of the forms'
/// forecasts rather than the lowest-AICc form's alone: on the M3 competition's 3,003 series that combination forecast
/// better than the form AICc picks (Kolassa 2011, "Combining exponential smoothing forecasts using Akaike weights",
/// IJF 27(2)), since forms a few AICc units apart are about as likely and picking one throws the others' evidence away.
/// Forms without a finite AICc (too few points for their parameters) take no weight.
/// </summary>
public sealed class EtsSelection
{
    // A form under this share of the weight moves the forecast by less than the share of its distance from the others,
    // and refitting every form at every backtest origin cost half again a short series' forecast.
    private const double RefittedShare = 0.01;

    private readonly int best;

    public EtsSelection(IReadOnlyList<EtsModel> fits)
        : this(fits, LowestAicc(fits))
    {
    }

    /// <param name="fits">The forms fitted.</param>
    /// <param name="best">The index of the form that names the selection and gives its intervals.</param>
    private EtsSelection(IReadOnlyList<EtsModel> fits, int best)
    {
        Fits = fits;
        this.best = best;
        var lowest = fits.Select(f => f.Aicc).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        var relative = fits.Select(f => double.IsFinite(f.Aicc) ? Math.Exp(-0.5 * (f.Aicc - lowest)) : 0).ToArray();
        var total = relative.Sum();
        Weights = total > 0 ? [.. relative.Select(r => r / total)] : [.. fits.Select((_, k) => k == best ? 1.0 : 0.0)];
    }

    /// <summary>Every form fitted, in the order they were tried.</summary>
    public IReadOnlyList<EtsModel> Fits { get; }

    /// <summary>Each form's Akaike weight, in the order of <see cref="Fits"/>; they sum to 1.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>
    /// The form with the lowest AICc: the one R's <c>ets()</c> answers with, and whose intervals the forecast keeps. A
    /// backtest's refit keeps it, as it keeps ARIMA's order, whichever form is lowest at the origin.
    /// </summary>
    public EtsModel Best => Fits[best];

    /// <summary>The Akaike-weighted mean of the forms' point forecasts.</summary>
    public double[] Forecast(int horizon)
    {
        var values = new double[horizon];
        for (var k = 0; k < Fits.Count; k++)
        {
            if (Weights[k] == 0)
            {
                continue;
            }

            var form = Fits[k].Forecast(horizon);
            for (var h = 0; h < horizon; h++)
            {
                values[h] += Weights[k] * form[h];
            }
        }

        return values;
    }

    /// <summary>The forms holding weight refitted on a prefix of the series, weighted by their AICc there (the backtest's refit).</summary>
    internal EtsSelection Refit(double[] prefix)
    {
        var (forms, named) = Weighty();
        return new([.. forms.AsParallel().AsOrdered().Select(f => Ets.Fit(prefix, f.SeasonLength, f.Form))], named);
    }

    /// <summary>
    /// The forms holding weight with their fitted smoothing weights and initial states rerun over a prefix, weighted by
    /// their AICc there (the backtest of long series).
    /// </summary>
    internal EtsSelection Refilter(double[] prefix)
    {
        var (forms, named) = Weighty();
        return new([.. forms.Select(f => Ets.Refilter(f, prefix))], named);
    }

    /// <summary>The forms at or above <see cref="RefittedShare"/> of the weight, and <see cref="Best"/>'s index among them.</summary>
    private (EtsModel[] Forms, int Best) Weighty()
    {
        var kept = Enumerable.Range(0, Fits.Count).Where(k => k == best || Weights[k] >= RefittedShare).ToArray();
        return ([.. kept.Select(k => Fits[k])], Array.IndexOf(kept, best));
    }

    /// <summary>The first form with the lowest finite AICc; the first form when none has one.</summary>
    private static int LowestAicc(IReadOnlyList<EtsModel> fits) => fits.Count == 0
        ? throw new ArgumentException("An ETS selection needs at least one fitted form.", nameof(fits))
        : Enumerable.Range(0, fits.Count).Where(k => double.IsFinite(fits[k].Aicc)).DefaultIfEmpty(0).MinBy(k => fits[k].Aicc);
}
