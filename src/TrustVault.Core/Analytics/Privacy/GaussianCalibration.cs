using MathNet.Numerics;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// The smallest Gaussian σ that makes a release (ε, δ)-DP, from the exact privacy profile of the Gaussian mechanism
/// rather than a bound on it: the analytic Gaussian mechanism (Balle and Wang, "Improving the Gaussian Mechanism for
/// Differential Privacy: Analytical Calibration and Optimal Denoising", ICML 2018), checked on the integer lattice the
/// discrete Gaussian actually samples (Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy",
/// NeurIPS 2020, Theorem 7).
/// </summary>
/// <remarks>
/// <para>
/// N(0, σ²) added to a query of L2 sensitivity Δ is (ε, δ)-DP exactly when
/// Φ(Δ/2σ − εσ/Δ) − e^ε·Φ(−Δ/2σ − εσ/Δ) ≤ δ (Balle and Wang 2018, Theorem 8). The left side falls as σ grows, so
/// the smallest σ is found by bisection, as their Algorithm 1 does. At ε = 1, δ = 10⁻⁵ this gives σ = 3.7306·Δ where
/// the zCDP conversion used before gave 4.9006·Δ.
/// </para>
/// <para>
/// The discrete Gaussian on the integers is not always as private as the continuous one at the same σ: for a count
/// (Δ = 1) at ε = 1, δ = 10⁻⁵, σ = 3.7306 its exact δ is 1.035·10⁻⁵. So where the lattice is coarse (counts and
/// histogram bins, Δ = 1 unit) σ is raised until the exact δ of the discrete mechanism, summed over the lattice, is
/// within budget. Sums run on a grid of 2⁻²⁰ of their sensitivity, where the lattice moves δ only at second order (at
/// the threshold the two densities cross, so the first-order term vanishes): there, and for counts whose σ is too
/// large to sum cheaply, the continuous condition is solved for δ·(1 − 10⁻⁵), a margin above that effect.
/// </para>
/// </remarks>
public static class GaussianCalibration
{
    /// <summary>Above this σ (in lattice units) the lattice sum costs more than its second-order correction is worth.</summary>
    private const double LatticeCheckMaxSigma = 1024;

    /// <summary>
    /// The share of δ kept back where the lattice is not summed: the lattice's effect falls like 1/σ² (3.5% at σ = 3.7),
    /// so it is under 10⁻⁶ where summing stops, and far less on a sum's grid.
    /// </summary>
    private const double LatticeMargin = 1e-5;

    private static readonly double InverseSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>
    /// The smallest σ for which N(0, σ²) added to a query of L2 sensitivity <paramref name="sensitivity"/> is
    /// (<paramref name="epsilon"/>, <paramref name="delta"/>)-DP (Balle and Wang 2018, Theorem 8 and Algorithm 1).
    /// </summary>
    public static double AnalyticSigma(double sensitivity, double epsilon, double delta)
    {
        Validate(epsilon, delta);
        if (!double.IsFinite(sensitivity) || sensitivity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sensitivity), sensitivity, "The sensitivity must be a positive finite number.");
        }

        // The condition depends on σ/Δ only: solve for that ratio, bracketed by halving or doubling from 1. The bracket
        // stays within RatioRange: past it (an ε of 1e-320, say) the ratio leaves the doubles, where halving or doubling
        // would never end.
        bool Holds(double ratio) => ContinuousDelta(ratio, epsilon) <= delta;
        double low = 1, high = 1;
        while (Holds(low))
        {
            high = low;
            low /= 2;
            if (low < 1 / RatioRange)
            {
                throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon is too large for the Gaussian mechanism to add any noise.");
            }
        }

        while (!Holds(high))
        {
            low = high;
            high *= 2;
            if (high > RatioRange)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(epsilon), epsilon, "epsilon and delta are too small: the noise they need is beyond any number a release can hold.");
            }
        }

        return sensitivity * Smallest(Holds, low, high);
    }

    /// <summary>The widest σ/Δ, either way, that calibration looks for: far beyond any useful release, far inside the doubles.</summary>
    private const double RatioRange = 1e250;

    /// <summary>σ in grid units for a count or a histogram bin: sensitivity 1 on the integers.</summary>
    public static double CountSigma(double epsilon, double delta) => OnLattice(epsilon, delta, pairedWithSum: false);

    /// <summary>
    /// σ per unit of sensitivity for a mean's noisy sum and noisy count released together: the count gets σ, the sum
    /// σ·Δ. Scaled so, the pair is one Gaussian mechanism whose sensitivity, measured in σs, is √2 (Balle and Wang 2018
    /// hold for any L2 sensitivity), so it costs one (ε, δ) instead of two halves.
    /// </summary>
    public static double PairSigma(double epsilon, double delta) => OnLattice(epsilon, delta, pairedWithSum: true);

    /// <summary>σ in grid units for a sum whose sensitivity is <paramref name="sensitivityUnits"/> steps of a fine grid.</summary>
    public static double SumSigma(double sensitivityUnits, double epsilon, double delta) => AnalyticSigma(sensitivityUnits, epsilon, delta * (1 - LatticeMargin));

    /// <summary>
    /// δ(ε) of N(0, σ²) added to a query of sensitivity 1, for any real ε: Φ(1/2σ − εσ) − e^ε·Φ(−1/2σ − εσ).
    /// With x₁ = εσ − 1/2σ and x₂ = εσ + 1/2σ, x₂² − x₁² = 2ε, so e^ε·Φ(−x₂) = φ(x₁)·M(x₂) with Mills' ratio
    /// M(x) = Φ(−x)/φ(x): e^ε never overflows, and for x₁ &gt; 0 two tiny tails are not subtracted.
    /// </summary>
    public static double ContinuousDelta(double sigma, double epsilon)
    {
        double x1 = (epsilon * sigma) - (0.5 / sigma), x2 = (epsilon * sigma) + (0.5 / sigma);
        var delta = x1 > 0 ? Density(x1) * (MillsRatio(x1) - MillsRatio(x2))
            : x2 > 0 ? UpperTail(x1) - (Density(x1) * MillsRatio(x2))
            : UpperTail(x1) - (Math.Exp(epsilon) * UpperTail(x2));
        return Math.Max(delta, 0);
    }

    /// <summary>
    /// The exact δ(ε) of the discrete Gaussian N_ℤ(0, σ²) added to a count (sensitivity 1), alone or paired with a
    /// sum that gets continuous noise of σ per unit of its sensitivity. With L(y) = (1 − 2y)/2σ² the privacy loss at
    /// the count's noise y, δ = Σ_y P[Y = y]·h(ε − L(y)), where h(t) = max(0, 1 − e^t) alone (which is Canonne et al.
    /// 2020, Theorem 7) and h(t) = the sum's own δ(t) in the pair, since the two noises are independent.
    /// </summary>
    /// <param name="target">The δ the caller compares with: the sum reaches far enough that what it leaves out is a millionth of it.</param>
    public static double DiscreteDelta(double sigma, double epsilon, double target, bool pairedWithSum)
    {
        // Beyond ±k·σ the count's noise has mass at most 2Φ(−k) ≤ e^(−k²/2) (the normalizing constant is at least
        // σ√(2π)); k is chosen to make that a millionth of the target, and the mass is added as if it all counted.
        var reach = Math.Sqrt(2 * -Math.Log(target * 1e-6));
        var last = (long)Math.Ceiling(reach * sigma) + 1;
        double normalizer = 0, weighted = 0;
        for (var y = -last; y <= last; y++)
        {
            var weight = Math.Exp(-((double)y * y) / (2 * sigma * sigma));
            normalizer += weight;
            var shifted = epsilon - ((1 - (2.0 * y)) / (2 * sigma * sigma));
            var h = pairedWithSum ? ContinuousDelta(sigma, shifted) : shifted < 0 ? -double.ExpM1(shifted) : 0;
            weighted += weight * h;
        }

        // Truncating the normalizer makes each probability larger: the estimate only errs upwards.
        return (weighted / normalizer) + (2 * UpperTail(last / sigma));
    }

    private static double OnLattice(double epsilon, double delta, bool pairedWithSum)
    {
        var sensitivity = pairedWithSum ? Math.Sqrt(2) : 1;
        var continuous = AnalyticSigma(sensitivity, epsilon, delta);
        if (continuous > LatticeCheckMaxSigma)
        {
            return AnalyticSigma(sensitivity, epsilon, delta * (1 - LatticeMargin));
        }

        bool Holds(double sigma) => DiscreteDelta(sigma, epsilon, delta, pairedWithSum) <= delta;
        if (Holds(continuous))
        {
            return continuous;
        }

        // The lattice's effect is a few percent at most (3.5% of σ at σ = 3.7): grow the bracket from a millionth up, to
        // twice the continuous σ at most.
        var step = continuous * 1e-6;
        while (!Holds(continuous + step))
        {
            step *= 2;
            if (step > continuous)
            {
                throw new ArgumentOutOfRangeException(nameof(delta), delta, "No noise on the integers meets this delta.");
            }
        }

        return Smallest(Holds, continuous + (step / 2), continuous + step);
    }

    /// <summary>
    /// The smallest x in (<paramref name="low"/>, <paramref name="high"/>] with <paramref name="holds"/>(x), to nine
    /// significant digits and rounded up, for a condition false at low, true at high and, once true, true for every
    /// larger x.
    /// </summary>
    private static double Smallest(Func<double, bool> holds, double low, double high)
    {
        // Thirty-odd halvings reach nine digits from a bracket of a factor of two; the cap ends it where doubles run out.
        for (var step = 0; step < 200 && high - low > high * 1e-9; step++)
        {
            var middle = low + ((high - low) / 2);
            if (holds(middle))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    private static double Density(double x) => Math.Exp(-x * x / 2) * InverseSqrtTwoPi;

    /// <summary>Φ(−x) = P[N(0, 1) &gt; x].</summary>
    private static double UpperTail(double x) => 0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2));

    /// <summary>
    /// Mills' ratio M(x) = Φ(−x)/φ(x) for x ≥ 0: the quotient itself where both are well inside double range, Laplace's
    /// continued fraction M(x) = 1/(x + 1/(x + 2/(x + 3/(x + …)))) beyond, where it converges within a few dozen terms.
    /// </summary>
    private static double MillsRatio(double x)
    {
        if (x < 8)
        {
            return UpperTail(x) / Density(x);
        }

        var tail = x;
        for (var k = 60; k >= 1; k--)
        {
            tail = x + (k / tail);
        }

        return 1 / tail;
    }

    private static void Validate(double epsilon, double delta)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a positive finite number.");
        }

        if (!(delta > 0 && delta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must lie strictly between 0 and 1 for the Gaussian mechanism.");
        }
    }
}
