using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace TrustVault.Core.Analytics.Anomalies;

/// <summary>FFT-based helpers (MathNet's Bluestein FFT handles any length).</summary>
internal static class Spectrum
{
    /// <summary>Discrete Fourier transform without scaling.</summary>
    public static Complex[] Forward(ReadOnlySpan<double> values)
    {
        var buffer = new Complex[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            buffer[i] = values[i];
        }

        Fourier.Forward(buffer, FourierOptions.NoScaling);
        return buffer;
    }

    /// <summary>Inverse transform scaled by 1/n, so Inverse(Forward(x)) = x.</summary>
    public static void Inverse(Complex[] spectrum) => Fourier.Inverse(spectrum, FourierOptions.AsymmetricScaling);

    /// <summary>
    /// Sample autocorrelation r(τ) for τ = 0..maxLag by the Wiener–Khinchin theorem: the inverse
    /// transform of the power spectrum of the mean-centred series, zero-padded to avoid wrap-around.
    /// </summary>
    public static double[] Autocorrelation(ReadOnlySpan<double> values, int maxLag)
    {
        var n = values.Length;
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v / n;
        }

        var padded = new Complex[2 * n];
        for (var i = 0; i < n; i++)
        {
            padded[i] = values[i] - mean;
        }

        Fourier.Forward(padded, FourierOptions.NoScaling);
        for (var i = 0; i < padded.Length; i++)
        {
            padded[i] = padded[i].Magnitude * padded[i].Magnitude;
        }

        Fourier.Inverse(padded, FourierOptions.AsymmetricScaling);
        var variance = padded[0].Real;
        return Enumerable.Range(0, maxLag + 1).Select(lag => variance == 0 ? 0 : padded[lag].Real / variance).ToArray();
    }
}
