namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// The Laplace mechanism made safe for floating point by Mironov's snapping mechanism (Mironov,
/// "On Significance of the Least Significant Bits for Differential Privacy", CCS 2012, §5):
/// <c>clamp_B(round_Λ(clamp_B(f) + S·λ·ln U))</c> with S a random sign, U uniform on (0, 1) with full
/// mantissa entropy (<see cref="NoiseSource.NextUnitInterval"/>) and Λ the smallest power of two ≥ λ.
/// Rounding to the coarse Λ grid erases the low-order bits whose pattern betrays the unperturbed value
/// in a textbook <c>f + Laplace</c> implementation.
/// </summary>
/// <remarks>
/// Mironov's Theorem 1 proves (1/λ + 2⁻⁴⁹·B/λ)-DP for sensitivity 1 when λ &lt; B &lt; 2⁴⁶·λ; its proof bounds
/// the probability of every output against the ideal Laplace for any centre in [−B, B], so sensitivity Δ
/// contributes Δ/λ in place of 1/λ. To spend exactly the requested ε the scale is therefore
/// λ = (Δ + 2⁻⁴⁹·B)/ε. The theorem assumes a correctly rounded logarithm; .NET's <see cref="Math.Log(double)"/>
/// is accurate to about one ulp, not guaranteed correctly rounded.
/// </remarks>
public sealed class SnappingLaplace
{
    /// <summary>B = 2³⁰·Δ (rounded up to a power of two): answers beyond about a billion times the sensitivity are clamped, and the 2⁻⁴⁹·B/λ term costs a 2⁻¹⁹ share of ε.</summary>
    public const int BoundExponentAboveSensitivity = 30;

    private static readonly double Ln20 = Math.Log(20);

    /// <param name="sensitivity">Largest change in the answer when one record is added or removed (L1).</param>
    /// <param name="epsilon">Privacy loss to spend.</param>
    public SnappingLaplace(double sensitivity, double epsilon)
    {
        if (!double.IsFinite(sensitivity) || sensitivity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "The sensitivity must be a positive finite number.");
        }

        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a positive finite number.");
        }

        Sensitivity = sensitivity;
        Epsilon = epsilon;
        Bound = PowerOfTwoAtLeast(sensitivity) * Math.Pow(2, BoundExponentAboveSensitivity);
        if (!double.IsFinite(Bound))
        {
            throw new ArgumentOutOfRangeException(
                nameof(sensitivity), sensitivity, "The sensitivity must be below about 1e298: the snapping mechanism's bound, 2^30 times it, must be a finite number.");
        }

        Scale = (sensitivity + (Math.Pow(2, -49) * Bound)) / epsilon;
        Granularity = PowerOfTwoAtLeast(Scale);
        if (!(Scale < Bound && Bound < Math.Pow(2, 46) * Scale))
        {
            throw new ArgumentOutOfRangeException(
                nameof(epsilon), epsilon, "epsilon must lie between about 2^-30 and 2^16 for the snapping mechanism's guarantee (λ < B < 2^46·λ) to hold.");
        }
    }

    public double Sensitivity { get; }

    public double Epsilon { get; }

    /// <summary>λ, the Laplace scale before snapping.</summary>
    public double Scale { get; }

    /// <summary>Λ: every released value is a multiple of it.</summary>
    public double Granularity { get; }

    /// <summary>B: true answers and released values are clamped to [−B, B].</summary>
    public double Bound { get; }

    /// <summary>
    /// Half-width that holds the released value within the true one 95% of the time: P(|Laplace(λ)| > λ·ln 20) = 5%,
    /// and snapping moves a value by at most Λ/2.
    /// </summary>
    public double ErrorBound95 => (Scale * Ln20) + (Granularity / 2);

    public double Release(double value, NoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (double.IsNaN(value))
        {
            throw new ArgumentException("The value to release is NaN.", nameof(value));
        }

        var centre = Math.Clamp(value, -Bound, Bound);
        var sign = noise.NextBit() ? 1.0 : -1.0;
        var noisy = centre + (sign * Scale * Math.Log(noise.NextUnitInterval()));
        // Λ is a power of two, so the division and multiplication are exact and only Math.Round rounds.
        // + 0.0 turns a negative value rounded to zero into 0 rather than -0, which JSON would write as "-0".
        var snapped = (Math.Round(noisy / Granularity, MidpointRounding.ToEven) * Granularity) + 0.0;
        return Math.Clamp(snapped, -Bound, Bound);
    }

    private static double PowerOfTwoAtLeast(double x)
    {
        var power = Math.ScaleB(1.0, Math.ILogB(x));
        return power < x ? power * 2 : power;
    }
}
