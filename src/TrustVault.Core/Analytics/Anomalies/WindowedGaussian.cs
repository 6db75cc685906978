using MathNet.Numerics;

namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// NAB's "windowed Gaussian" baseline detector, as described with the benchmark: a Gaussian fitted to
/// the last 6,400 values (refitted after every value while the window fills, then every 100 values),
/// and each new value scored, before it joins the window, as 1 − Q(|x − μ|/σ) where Q is the upper
/// tail of the standard normal. Causal: a point's score depends only on earlier points.
/// </summary>
public static class WindowedGaussian
{
    private const int WindowSize = 6400;
    private const int StepSize = 100;

    public static double[] Scores(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var scores = new double[values.Count];
        var window = new List<double>(WindowSize);
        var pending = new List<double>(StepSize);
        double mean = 0, deviation = 1;
        for (var t = 0; t < values.Count; t++)
        {
            if (window.Count > 0)
            {
                var z = Math.Abs(values[t] - mean) / deviation;
                scores[t] = 1 - (0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2)));
            }

            if (window.Count < WindowSize)
            {
                window.Add(values[t]);
                (mean, deviation) = Fit(window);
            }
            else
            {
                pending.Add(values[t]);
                if (pending.Count == StepSize)
                {
                    window.RemoveRange(0, StepSize);
                    window.AddRange(pending);
                    pending.Clear();
                    (mean, deviation) = Fit(window);
                }
            }
        }

        return scores;
    }

    /// <summary>Mean and population standard deviation; a constant window gets a tiny σ so scores stay defined.</summary>
    private static (double Mean, double Deviation) Fit(List<double> window)
    {
        var mean = window.Average();
        var deviation = Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / window.Count);
        return (mean, deviation == 0 ? 1e-6 : deviation);
    }
}
