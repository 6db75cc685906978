using System.Numerics;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// The discrete Gaussian mechanism (Canonne, Kamath and Steinke, "The Discrete Gaussian for
/// Differential Privacy", NeurIPS 2020): integer noise Y with P[Y = y] ∝ exp(−y²/2σ²), sampled exactly
/// with integer and rational arithmetic only, so no floating-point rounding shapes the distribution
/// (the weakness Mironov 2012 exploits in textbook samplers). Answers are integers in units of a
/// power-of-two grid; the noise is added in those units and the sum converted back exactly.
/// </summary>
/// <remarks>σ comes from <see cref="GaussianCalibration"/>, which accounts for the lattice this mechanism samples on.</remarks>
public sealed class DiscreteGaussian
{
    private const double Z975 = 1.959963984540054;

    private readonly BigInteger varianceNumerator;
    private readonly BigInteger varianceDenominator;

    private DiscreteGaussian(double sigmaUnits, double grid)
    {
        if (!double.IsFinite(grid) || grid <= 0 || Math.ScaleB(1.0, Math.ILogB(grid)) != grid)
        {
            throw new ArgumentOutOfRangeException(nameof(grid), grid, "The grid must be a positive power of two.");
        }

        SigmaUnits = sigmaUnits;
        Grid = grid;
        (varianceNumerator, varianceDenominator) = ExactSquare(sigmaUnits);
    }

    /// <summary>σ in grid units.</summary>
    public double SigmaUnits { get; }

    /// <summary>The value of one unit: released values are multiples of it.</summary>
    public double Grid { get; }

    /// <summary>σ in the answer's own units.</summary>
    public double Sigma => SigmaUnits * Grid;

    /// <summary>
    /// 1.96σ rounded up to the grid: the normal approximation of the 95% half-width. For σ of a few units and
    /// more the discrete Gaussian is within a rounding of N(0, σ²) (Canonne et al. 2020, §2), which the tests check.
    /// </summary>
    public double ErrorBound95 => Math.Ceiling(Z975 * SigmaUnits) * Grid;

    /// <summary>A mechanism with σ in grid units, as <see cref="GaussianCalibration"/> chose it.</summary>
    public static DiscreteGaussian WithSigma(double sigmaUnits, double grid = 1)
    {
        if (!double.IsFinite(sigmaUnits) || sigmaUnits <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaUnits), sigmaUnits, "σ must be a positive finite number.");
        }

        return new DiscreteGaussian(sigmaUnits, grid);
    }

    /// <summary>The answer (in grid units) plus discrete Gaussian noise, converted to the answer's units.</summary>
    public double Release(BigInteger valueUnits, NoiseSource noise) => (double)(valueUnits + SampleUnits(noise)) * Grid;

    /// <summary>One draw of the noise in grid units (Canonne et al. 2020, Algorithm 3).</summary>
    public BigInteger SampleUnits(NoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        // t = ⌊σ⌋ + 1, with ⌊√(a/b)⌋ = ⌊√⌊a/b⌋⌋.
        var t = IntegerSquareRoot(varianceNumerator / varianceDenominator) + 1;
        while (true)
        {
            var y = DiscreteLaplace(t, noise);
            // Accept with probability exp(−(|y| − σ²/t)² / 2σ²); with σ² = a/b that is
            // exp(−(|y|·t·b − a)² / (2·a·t²·b)).
            var gap = (BigInteger.Abs(y) * t * varianceDenominator) - varianceNumerator;
            if (BernoulliExpMinus(gap * gap, 2 * varianceNumerator * t * t * varianceDenominator, noise))
            {
                return y;
            }
        }
    }

    /// <summary>Discrete Laplace with P[Y = y] ∝ exp(−|y|/t) (Canonne et al. 2020, Algorithm 2 with s = 1).</summary>
    private static BigInteger DiscreteLaplace(BigInteger t, NoiseSource noise)
    {
        while (true)
        {
            var u = noise.NextBelow(t);
            if (!BernoulliExpMinus(u, t, noise))
            {
                continue;
            }

            var v = BigInteger.Zero;
            while (BernoulliExpMinus(1, 1, noise))
            {
                v++;
            }

            var magnitude = u + (t * v);
            var negative = noise.NextBit();
            if (negative && magnitude.IsZero)
            {
                continue;
            }

            return negative ? -magnitude : magnitude;
        }
    }

    /// <summary>A coin with heads probability exp(−n/d) for n/d ≥ 0 (Canonne et al. 2020, Algorithm 1).</summary>
    private static bool BernoulliExpMinus(BigInteger numerator, BigInteger denominator, NoiseSource noise)
    {
        if (numerator > denominator)
        {
            // exp(−γ) = exp(−1)^⌊γ⌋ · exp(−(γ − ⌊γ⌋)).
            var whole = BigInteger.DivRem(numerator, denominator, out var remainder);
            for (var k = BigInteger.Zero; k < whole; k++)
            {
                if (!BernoulliExpMinus(1, 1, noise))
                {
                    return false;
                }
            }

            return BernoulliExpMinus(remainder, denominator, noise);
        }

        // For γ ∈ [0, 1]: draw A_k ~ Bernoulli(γ/k) until one fails; the first failure's index k is odd with probability exp(−γ).
        var index = BigInteger.One;
        while (noise.NextBelow(denominator * index) < numerator)
        {
            index++;
        }

        return !index.IsEven;
    }

    private static (BigInteger Numerator, BigInteger Denominator) ExactSquare(double x)
    {
        // A finite double is m·2^e exactly; its square is m²·2^(2e).
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & ((1L << 52) - 1);
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        var power = exponent - 1075;
        var square = new BigInteger(mantissa) * mantissa;
        return power >= 0 ? (square << (2 * power), BigInteger.One) : (square, BigInteger.One << (-2 * power));
    }

    private static BigInteger IntegerSquareRoot(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        // Newton's method from above converges to ⌊√n⌋.
        var x = BigInteger.One << (int)((n.GetBitLength() / 2) + 1);
        while (true)
        {
            var next = (x + (n / x)) / 2;
            if (next >= x)
            {
                return x;
            }

            x = next;
        }
    }
}
