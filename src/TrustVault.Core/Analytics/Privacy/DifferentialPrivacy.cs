using System.Numerics;

namespace TrustVault.Core.Analytics.Privacy;

public enum NoiseMechanism
{
    /// <summary>Pure ε-DP: Laplace noise through Mironov's snapping mechanism (<see cref="SnappingLaplace"/>).</summary>
    Laplace,

    /// <summary>(ε, δ)-DP: discrete Gaussian noise on a grid (<see cref="DiscreteGaussian"/>), σ from <see cref="GaussianCalibration"/>.</summary>
    Gaussian,
}

/// <summary>The privacy loss a query may spend: δ is 0 for Laplace and in (0, 1) for Gaussian.</summary>
public sealed record PrivacyParameters(NoiseMechanism Mechanism, double Epsilon, double Delta = 0)
{
    /// <summary>The largest ε one query or one budget may hold: past it no noise is left to speak of, and sums of spends stay exact in decimal.</summary>
    public const double MaxEpsilon = 1e6;

    public static PrivacyParameters Laplace(double epsilon) => new(NoiseMechanism.Laplace, epsilon);

    public static PrivacyParameters Gaussian(double epsilon, double delta) => new(NoiseMechanism.Gaussian, epsilon, delta);
}

/// <summary>
/// One released number. <paramref name="NoiseScale"/> is the Laplace scale λ or the Gaussian σ; the true
/// answer lies within ±<paramref name="ErrorBound95"/> of <paramref name="Value"/> with about 95% probability;
/// <paramref name="Granularity"/> is the grid every released value is a multiple of.
/// </summary>
public sealed record NoisyValue(
    double Value, NoiseMechanism Mechanism, double Epsilon, double Delta, double NoiseScale, double ErrorBound95, double Granularity);

/// <summary>
/// A mean released as noisy sum / noisy count, each spending half the budget. <paramref name="ErrorBound95"/>
/// is a first-order (delta-method) estimate computed from the released values, so it is approximate. For the
/// Gaussian the pair is one mechanism (<see cref="GaussianCalibration.PairSigma"/>), so the parts' ε/2 and δ/2 are
/// nominal shares: the (ε, δ) guarantee is for the pair.
/// </summary>
public sealed record NoisyMean(
    double Value, NoiseMechanism Mechanism, double Epsilon, double Delta, NoisyValue Sum, NoisyValue Count, double ErrorBound95);

/// <summary>One bin [<paramref name="Lower"/>, <paramref name="Upper"/>) of a released histogram (the last bin includes its upper edge).</summary>
public sealed record HistogramBin(double Lower, double Upper, double NoisyCount);

public sealed record NoisyHistogram(
    IReadOnlyList<HistogramBin> Bins, NoiseMechanism Mechanism, double Epsilon, double Delta, double NoiseScale, double ErrorBound95, double Granularity);

/// <summary>
/// Differentially private count, sum, mean and histogram over one numeric column (Dwork, McSherry, Nissim
/// and Smith, "Calibrating Noise to Sensitivity in Private Data Analysis", TCC 2006).
/// </summary>
/// <remarks>
/// Neighbouring datasets differ by adding or removing one record, so a count and every histogram bin move
/// by at most 1 (the histogram's L1 and L2 sensitivity is 1 because a record falls in one bin) and a sum
/// clamped to [L, U] moves by at most max(|L|, |U|). Bounds must be public choices, never read from the
/// data. NaN values count as missing and are skipped; ±∞ are clamped like any other value.
/// Sums are computed exactly in fixed point (each clamped value rounded to a power-of-two grid 2⁻²⁰ of the
/// larger bound): floating-point summation depends on order and can exceed the claimed sensitivity
/// (Casacuberta, Shoemate, Vadhan and Wagaman, "Widespread Underestimation of Sensitivity in Differentially
/// Private Libraries", CCS 2022).
/// </remarks>
public sealed class DifferentialPrivacy(NoiseSource? noise = null)
{
    /// <summary>Sum values are rounded to 2^(⌊log₂ max(|L|,|U|)⌋ − 20): a 1-in-a-million share of the sensitivity.</summary>
    private const int SumGridBits = 20;

    /// <summary>Histograms are released one noisy count per bin; more bins than this is a request error.</summary>
    public const int MaxBins = 10_000;

    private readonly NoiseSource noise = noise ?? NoiseSource.Cryptographic;

    /// <summary>The number of non-missing values.</summary>
    public NoisyValue Count(IEnumerable<double> values, PrivacyParameters privacy)
    {
        ArgumentNullException.ThrowIfNull(values);
        Validate(privacy);
        return ReleaseCounts([values.LongCount(v => !double.IsNaN(v))], privacy.Mechanism, privacy.Epsilon, privacy.Delta, pairSigma: null)[0];
    }

    /// <summary>The sum of the values, each clamped to [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public NoisyValue Sum(IEnumerable<double> values, double? lower, double? upper, PrivacyParameters privacy)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bounds = RequireBounds(lower, upper, "sum");
        Validate(privacy);
        var sum = FixedPointSum.Of(values, bounds.Lower, bounds.Upper);
        return ReleaseSum(sum, privacy.Mechanism, privacy.Epsilon, privacy.Delta, pairSigma: null);
    }

    /// <summary>
    /// The mean of the values clamped to [<paramref name="lower"/>, <paramref name="upper"/>], as noisy sum /
    /// noisy count. Budget split: Laplace gives ε/2 to each (sequential composition); Gaussian releases the pair as
    /// one mechanism with the whole (ε, δ), the sum's σ Δ times the count's (<see cref="GaussianCalibration.PairSigma"/>),
    /// which needs less noise than two halves. The result is clamped to the bounds; a noisy count below 1 is taken as 1.
    /// </summary>
    public NoisyMean Mean(IEnumerable<double> values, double? lower, double? upper, PrivacyParameters privacy)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bounds = RequireBounds(lower, upper, "mean");
        Validate(privacy);
        var sum = FixedPointSum.Of(values, bounds.Lower, bounds.Upper);
        var half = privacy.Epsilon / 2;
        var pairSigma = privacy.Mechanism == NoiseMechanism.Gaussian ? GaussianCalibration.PairSigma(privacy.Epsilon, privacy.Delta) : (double?)null;
        var noisySum = ReleaseSum(sum, privacy.Mechanism, half, privacy.Delta / 2, pairSigma);
        var noisyCount = ReleaseCounts([sum.Count], privacy.Mechanism, half, privacy.Delta / 2, pairSigma)[0];
        var count = Math.Max(noisyCount.Value, 1);
        var mean = Math.Clamp(noisySum.Value / count, bounds.Lower, bounds.Upper);
        var error = Math.Sqrt(Math.Pow(noisySum.ErrorBound95, 2) + Math.Pow(mean * noisyCount.ErrorBound95, 2)) / count;
        return new NoisyMean(mean, privacy.Mechanism, privacy.Epsilon, privacy.Delta, noisySum, noisyCount, Math.Min(error, bounds.Upper - bounds.Lower));
    }

    /// <summary>
    /// Noisy counts of the values in each bin given by ascending <paramref name="binEdges"/>; values outside
    /// the edges are not counted. Every bin gets noise for the whole ε: one record changes one bin only.
    /// </summary>
    public NoisyHistogram Histogram(IEnumerable<double> values, IReadOnlyList<double> binEdges, PrivacyParameters privacy)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(binEdges);
        ValidateEdges(binEdges);
        Validate(privacy);
        var counts = new long[binEdges.Count - 1];
        foreach (var value in values)
        {
            var bin = BinOf(value, binEdges);
            if (bin >= 0)
            {
                counts[bin]++;
            }
        }

        var released = ReleaseCounts(counts, privacy.Mechanism, privacy.Epsilon, privacy.Delta, pairSigma: null);
        var bins = released.Select((r, i) => new HistogramBin(binEdges[i], binEdges[i + 1], r.Value)).ToArray();
        var first = released[0];
        return new NoisyHistogram(bins, privacy.Mechanism, privacy.Epsilon, privacy.Delta, first.NoiseScale, first.ErrorBound95, first.Granularity);
    }

    /// <summary>Noisy counts (sensitivity 1 on the integers) from one mechanism, calibrated once.</summary>
    /// <param name="pairSigma">σ per unit of sensitivity when the counts are a mean's, paired with its sum.</param>
    private NoisyValue[] ReleaseCounts(IReadOnlyList<long> counts, NoiseMechanism mechanism, double epsilon, double delta, double? pairSigma)
    {
        if (mechanism == NoiseMechanism.Laplace)
        {
            var laplace = new SnappingLaplace(1, epsilon);
            return [.. counts.Select(c => new NoisyValue(laplace.Release(c, noise), mechanism, epsilon, 0, laplace.Scale, laplace.ErrorBound95, laplace.Granularity))];
        }

        var gaussian = DiscreteGaussian.WithSigma(pairSigma ?? GaussianCalibration.CountSigma(epsilon, delta));
        return [.. counts.Select(c => new NoisyValue(gaussian.Release(c, noise), mechanism, epsilon, delta, gaussian.Sigma, gaussian.ErrorBound95, gaussian.Grid))];
    }

    /// <param name="pairSigma">σ per unit of sensitivity when the sum is a mean's, paired with its count.</param>
    private NoisyValue ReleaseSum(FixedPointSum sum, NoiseMechanism mechanism, double epsilon, double delta, double? pairSigma)
    {
        if (mechanism == NoiseMechanism.Laplace)
        {
            var laplace = new SnappingLaplace(sum.SensitivityUnits * sum.Grid, epsilon);
            var value = laplace.Release((double)sum.Units * sum.Grid, noise);
            return new NoisyValue(value, mechanism, epsilon, 0, laplace.Scale, laplace.ErrorBound95, laplace.Granularity);
        }

        var sigmaUnits = pairSigma is { } perUnit ? perUnit * sum.SensitivityUnits : GaussianCalibration.SumSigma(sum.SensitivityUnits, epsilon, delta);
        var gaussian = DiscreteGaussian.WithSigma(sigmaUnits, sum.Grid);
        return new NoisyValue(gaussian.Release(sum.Units, noise), mechanism, epsilon, delta, gaussian.Sigma, gaussian.ErrorBound95, gaussian.Grid);
    }

    private static void Validate(PrivacyParameters privacy)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        if (!double.IsFinite(privacy.Epsilon) || privacy.Epsilon <= 0 || privacy.Epsilon > PrivacyParameters.MaxEpsilon)
        {
            throw new ArgumentOutOfRangeException(nameof(PrivacyParameters.Epsilon), privacy.Epsilon, "epsilon must be a positive number up to 1,000,000.");
        }

        switch (privacy.Mechanism)
        {
            case NoiseMechanism.Laplace when privacy.Delta != 0:
                throw new ArgumentOutOfRangeException(nameof(PrivacyParameters.Delta), privacy.Delta, "delta must be 0 for the Laplace mechanism, which is pure ε-DP.");
            case NoiseMechanism.Gaussian when !(privacy.Delta > 0 && privacy.Delta < 1):
                throw new ArgumentOutOfRangeException(nameof(PrivacyParameters.Delta), privacy.Delta, "delta must lie strictly between 0 and 1 for the Gaussian mechanism.");
            case NoiseMechanism.Laplace or NoiseMechanism.Gaussian:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(PrivacyParameters.Mechanism), privacy.Mechanism, "mechanism must be Laplace or Gaussian.");
        }
    }

    private static (double Lower, double Upper) RequireBounds(double? lower, double? upper, string query)
    {
        if (lower is not { } l || !double.IsFinite(l))
        {
            throw new ArgumentException($"A {query} needs a finite lower clamping bound: it sets the sensitivity and must be chosen without looking at the data.", nameof(lower));
        }

        if (upper is not { } u || !double.IsFinite(u))
        {
            throw new ArgumentException($"A {query} needs a finite upper clamping bound: it sets the sensitivity and must be chosen without looking at the data.", nameof(upper));
        }

        if (l >= u)
        {
            throw new ArgumentException($"The upper clamping bound ({u}) must be greater than the lower bound ({l}).", nameof(upper));
        }

        if (Math.Max(Math.Abs(l), Math.Abs(u)) < 1e-280)
        {
            throw new ArgumentException("The clamping bounds are too close to zero to set a sum's grid; rescale the values.", nameof(upper));
        }

        return (l, u);
    }

    private static void ValidateEdges(IReadOnlyList<double> binEdges)
    {
        if (binEdges.Count < 2 || binEdges.Count > MaxBins + 1)
        {
            throw new ArgumentException($"binEdges must hold between 2 and {MaxBins + 1} edges (one more than the number of bins).", nameof(binEdges));
        }

        for (var i = 0; i < binEdges.Count; i++)
        {
            if (!double.IsFinite(binEdges[i]) || (i > 0 && binEdges[i] <= binEdges[i - 1]))
            {
                throw new ArgumentException($"binEdges must be finite and strictly increasing; edge {i} ({binEdges[i]}) is not.", nameof(binEdges));
            }
        }
    }

    private static int BinOf(double value, IReadOnlyList<double> edges)
    {
        if (double.IsNaN(value) || value < edges[0] || value > edges[^1])
        {
            return -1;
        }

        int low = 0, high = edges.Count - 1;
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            if (value < edges[middle])
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return low;
    }

    /// <summary>An exact sum in units of a power-of-two <paramref name="Grid"/>, with its add/remove sensitivity in those units.</summary>
    private sealed record FixedPointSum(BigInteger Units, long Count, double Grid, long SensitivityUnits)
    {
        public static FixedPointSum Of(IEnumerable<double> values, double lower, double upper)
        {
            var grid = Math.ScaleB(1.0, Math.ILogB(Math.Max(Math.Abs(lower), Math.Abs(upper))) - SumGridBits);
            long lowerUnits = (long)Math.Round(lower / grid), upperUnits = (long)Math.Round(upper / grid);
            var units = BigInteger.Zero;
            var count = 0L;
            foreach (var value in values)
            {
                if (double.IsNaN(value))
                {
                    continue;
                }

                units += (long)Math.Round(Math.Clamp(value, lower, upper) / grid);
                count++;
            }

            return new FixedPointSum(units, count, grid, Math.Max(Math.Abs(lowerUnits), Math.Abs(upperUnits)));
        }
    }
}
