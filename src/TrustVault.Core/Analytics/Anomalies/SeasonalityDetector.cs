namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// Finds seasonal periods the AUTOPERIOD way (Vlachos, Yu and Castelli, "On Periodicity Detection and
/// Structural Periodic Similarity", SDM 2005): periodogram peaks propose periods, and a proposal is kept
/// only if the autocorrelation has a hill (a local maximum above <see cref="MinimumCorrelation"/>)
/// within that peak's frequency bin, the lag of the hill's top being the period. The periodogram alone
/// is coarse at long periods and flags harmonics; the autocorrelation alone picks multiples.
/// </summary>
public static class SeasonalityDetector
{
    /// <summary>Autocorrelation a hill needs at its top to count as a season.</summary>
    public const double MinimumCorrelation = 0.3;

    private const int Proposals = 8;

    /// <summary>The strongest period (by spectral power), or null when the series has none.</summary>
    public static int? Detect(IReadOnlyList<double> values) => DetectAll(values) is [var first, ..] ? first : null;

    /// <summary>Every confirmed period, strongest first; a period needs at least two full cycles.</summary>
    public static IReadOnlyList<int> DetectAll(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n < 8 || values.Any(v => !double.IsFinite(v)))
        {
            return n < 8 ? [] : throw new ArgumentException("Values must be finite numbers.", nameof(values));
        }

        var data = values.ToArray();
        var mean = data.Average();
        var spectrum = Spectrum.Forward(data.Select(v => v - mean).ToArray());
        var power = spectrum.Take((n / 2) + 1).Select(c => c.Magnitude * c.Magnitude).ToArray();
        var maxLag = n / 2;
        var acf = Spectrum.Autocorrelation(data, maxLag);

        var peaks = Enumerable.Range(2, Math.Max(0, power.Length - 3))
            .Where(k => power[k] > power[k - 1] && power[k] >= power[k + 1])
            .OrderByDescending(k => power[k])
            .Take(Proposals);
        var periods = new List<int>();
        foreach (var k in peaks)
        {
            // The bin of frequency k covers periods between n/(k+1) and n/(k−1).
            var low = Math.Max(2, (int)Math.Floor(n / (k + 1.0)));
            var high = Math.Min(maxLag - 1, (int)Math.Ceiling(n / (k - 1.0)));
            if (low >= high)
            {
                continue;
            }

            var top = Enumerable.Range(low, high - low + 1).MaxBy(lag => acf[lag]);
            var isHill = acf[top] >= acf[top - 1] && acf[top] >= acf[top + 1];
            // A multiple of a stronger period is only a new season if it repeats more faithfully (a
            // weekly pattern on top of a daily one); otherwise it is that period seen twice.
            var repeatsShorter = periods.Any(p => top % p == 0 && acf[top] <= acf[p]);
            if (isHill && acf[top] >= MinimumCorrelation && !periods.Contains(top) && !repeatsShorter)
            {
                periods.Add(top);
            }
        }

        return periods;
    }
}
