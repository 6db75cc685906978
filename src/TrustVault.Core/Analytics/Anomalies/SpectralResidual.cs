using System.Numerics;

namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>
/// Spectral residual (Ren et al., "Time-Series Anomaly Detection Service at Microsoft", KDD 2019, §4.1,
/// after Hou and Zhang's visual saliency): the log amplitude spectrum minus its q-point moving average is
/// what is unexpected in the spectrum; transformed back with the original phases it gives the saliency
/// map S, where anomalies stand out. A point scores O = (S − S̄)/S̄, S̄ the mean saliency of the z points
/// before it (eq. 5; the first z points, which have fewer, take the other points of the opening window).
/// Because the transform treats the series as circular, the last points are poorly scored, so κ points are
/// appended first (eq. 6–7): the mean slope ḡ from a point to each of the m before it, and
/// x_{n+1} = x_{n−m+1} + ḡ·m repeated κ times. The estimate is made from the points before the last, as
/// Microsoft's reference implementation does (microsoft/anomalydetector, <c>extend_series</c>): made from a
/// spike on the last point, it extrapolates the spike, so the last point stands out from nothing and the
/// transform wraps its jump back onto the first point. The whole series is transformed at once,
/// centred first: a large zero-frequency term would otherwise dominate |S| and make dips less salient
/// than spikes.
/// </summary>
internal static class SpectralResidual
{
    private const int AverageFilter = 3;
    private const int ScoreWindow = 21;
    private const int SlopePoints = 5;
    private const int Extension = 5;

    public static PointAnalysis Analyse(double[] values, int period, double threshold, double bandWidth)
    {
        var n = values.Length;
        var mean = values.Average();
        var centred = values.Select(v => v - mean).ToArray();
        var scores = new double[n];
        // Saliency has no value scale, so the band shown is the decomposition's fit ± the robust z band.
        var band = RobustZScore.Analyse(values, period, bandWidth);
        // A constant series (up to the rounding of its mean) has an empty spectrum, and nothing in it is unexpected.
        if (centred.Max(Math.Abs) <= 1e-12 * values.Max(Math.Abs))
        {
            return new PointAnalysis(scores, band.Expected, band.Lower, band.Upper, []);
        }

        var saliency = Saliency(Extend(centred));
        var openingCount = Math.Min(n, ScoreWindow + 1);
        var openingSum = saliency.Take(openingCount).Sum();
        double running = 0;
        for (var i = 0; i < n; i++)
        {
            // The first z points have no full window behind them and are compared with the rest of the opening
            // window: a spike in it would otherwise raise its own reference (on ten points, by a tenth of itself).
            var localMean = i < ScoreWindow ? (openingSum - saliency[i]) / (openingCount - 1) : running / ScoreWindow;
            scores[i] = localMean == 0 ? 0 : (saliency[i] - localMean) / localMean;
            running += saliency[i];
            if (i >= ScoreWindow)
            {
                running -= saliency[i - ScoreWindow];
            }
        }

        var flagged = Enumerable.Range(0, n).Where(i => scores[i] > threshold).ToArray();
        return new PointAnalysis(scores, band.Expected, band.Lower, band.Upper, flagged);
    }

    private static double[] Extend(double[] values)
    {
        // Eq. 6–7 on the series without its last point (a series has at least 8): the value the last point would have had.
        var last = values.Length - 2;
        var slope = Enumerable.Range(1, SlopePoints).Average(i => (values[last] - values[last - i]) / i);
        var next = values[last - SlopePoints + 1] + (slope * SlopePoints);
        return [.. values, .. Enumerable.Repeat(next, Extension)];
    }

    private static double[] Saliency(double[] values)
    {
        var spectrum = Spectrum.Forward(values);
        var n = spectrum.Length;
        var largest = spectrum.Max(c => c.Magnitude);
        var logAmplitude = spectrum.Select(c => Math.Log(Math.Max(c.Magnitude, 1e-12 * largest))).ToArray();
        var residual = new double[n];
        var half = AverageFilter / 2;
        for (var k = 0; k < n; k++)
        {
            // h_q * L of eq. 2: the mean of the q log amplitudes centred on k (fewer at the ends).
            int from = Math.Max(0, k - half), to = Math.Min(n - 1, k + half);
            double sum = 0;
            for (var j = from; j <= to; j++)
            {
                sum += logAmplitude[j];
            }

            residual[k] = logAmplitude[k] - (sum / (to - from + 1));
        }

        for (var k = 0; k < n; k++)
        {
            var magnitude = spectrum[k].Magnitude;
            var phase = magnitude == 0 ? Complex.One : spectrum[k] / magnitude;
            spectrum[k] = phase * Math.Exp(residual[k]);
        }

        Spectrum.Inverse(spectrum);
        return spectrum.Take(values.Length - Extension).Select(c => c.Magnitude).ToArray();
    }
}
