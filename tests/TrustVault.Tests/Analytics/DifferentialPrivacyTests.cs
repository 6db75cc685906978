using System.Numerics;
using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Tests.Analytics;

public sealed class DifferentialPrivacyTests
{
    // Kolmogorov's asymptotic critical value at α = 0.01: c = √(−½·ln(α/2)) = 1.6276, reject when D > c/√n
    // (Massey, "The Kolmogorov-Smirnov Test for Goodness of Fit", JASA 46, 1951). For a discrete
    // distribution the test is conservative (Noether 1963), so it can only reject less often.
    private static double KsCritical(int n) => Math.Sqrt(-0.5 * Math.Log(0.01 / 2)) / Math.Sqrt(n);

    // The 2⁻⁴⁹·B/λ share of ε that the snapping mechanism sets aside, with B = 2³⁰·Δ: λ = Δ(1 + 2⁻¹⁹)/ε.
    private static readonly double SnappingFactor = 1 + Math.Pow(2, -19);

    private static readonly double[] Rows256 = [.. Enumerable.Range(0, 256).Select(i => (double)i)];

    [Fact]
    public void Snapped_Laplace_noise_follows_the_Laplace_CDF_and_a_wrong_scale_is_rejected()
    {
        var laplace = new SnappingLaplace(sensitivity: 1, epsilon: 0.3);
        var noise = NoiseSource.Seeded(1);
        var draws = Enumerable.Range(0, 5_000).Select(_ => laplace.Release(0, noise)).ToArray();

        // Snapping rounds to multiples of Λ (≥ λ), so the output is discrete. At the midpoints (k + ½)Λ the grid
        // does not enter at all: a snapped value is ≤ kΛ exactly when the unsnapped one is < (k + ½)Λ, so there
        // the empirical CDF must match the continuous Laplace CDF. The sup over these points is the statistic.
        static double LaplaceCdf(double x, double scale) => x < 0 ? 0.5 * Math.Exp(x / scale) : 1 - (0.5 * Math.Exp(-x / scale));
        var midpoints = Enumerable.Range(-60, 120).Select(k => (k + 0.5) * laplace.Granularity).ToArray();

        Assert.True(KsStatistic(draws, midpoints, x => LaplaceCdf(x, laplace.Scale)) < KsCritical(draws.Length));
        Assert.True(KsStatistic(draws, midpoints, x => LaplaceCdf(x, 1.5 * laplace.Scale)) > KsCritical(draws.Length));
    }

    [Fact]
    public void Discrete_Gaussian_noise_follows_its_exact_CDF_and_a_wrong_sigma_is_rejected()
    {
        const double sigma = 3.7;
        var gaussian = DiscreteGaussian.WithSigma(sigma);
        var noise = NoiseSource.Seeded(2);
        var draws = Enumerable.Range(0, 5_000).Select(_ => (double)gaussian.SampleUnits(noise)).ToArray();

        // P[Y = y] ∝ exp(−y²/2σ²) over the integers (Canonne, Kamath and Steinke 2020, Definition 1); at integer
        // points the KS statistic compares the right-continuous CDFs, which covers every jump.
        static Func<double, double> DiscreteCdf(double s)
        {
            var support = Enumerable.Range(-200, 401).ToArray();
            var weights = support.Select(y => Math.Exp(-(double)y * y / (2 * s * s))).ToArray();
            var total = weights.Sum();
            return x => weights.Where((_, i) => support[i] <= x).Sum() / total;
        }

        var integers = Enumerable.Range(-40, 81).Select(y => (double)y).ToArray();
        Assert.True(KsStatistic(draws, integers, DiscreteCdf(sigma)) < KsCritical(draws.Length));
        Assert.True(KsStatistic(draws, integers, DiscreteCdf(1.3 * sigma)) > KsCritical(draws.Length));
    }

    [Fact]
    public void Gaussian_sum_noise_on_a_fine_grid_follows_the_normal_CDF()
    {
        // A sum clamped to [0, 100] has Δ = 100 and runs on a grid of 2⁻¹⁴ (2⁻²⁰ of 64), about a million grid
        // steps per σ: here the grid is invisible and the noise should be N(0, σ²) to the KS test's resolution.
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(3));
        var values = new double[] { 10, 20, 30 };
        var releases = Enumerable.Range(0, 3_000).Select(_ => privacy.Sum(values, 0, 100, PrivacyParameters.Gaussian(1, 1e-5))).ToArray();
        var sigma = releases[0].NoiseScale;
        var errors = releases.Select(r => r.Value - 60).ToArray();
        var points = Enumerable.Range(-300, 601).Select(k => k * sigma / 100).ToArray();

        // σ = 100 × 3.73063388170 (ε = 1, δ = 10⁻⁵ less the 10⁻⁵ share kept back where the lattice is not summed;
        // Python mpmath, 40 digits, bisection on Balle and Wang's condition).
        Assert.Equal(373.063388170, sigma, precision: 6);
        Assert.True(KsStatistic(errors, points, x => NormalCdf(x / sigma)) < KsCritical(errors.Length));
        Assert.True(KsStatistic(errors, points, x => NormalCdf(x / (1.2 * sigma))) > KsCritical(errors.Length));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.25 * (1 + 1.9073486328125E-06))] // λ = 4 exactly, so Λ = λ.
    [InlineData(2.0)]
    public void Laplace_count_error_matches_the_theoretical_mean_absolute_error_for_each_epsilon(double epsilon)
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(4));
        var draws = Enumerable.Range(0, 20_000).Select(_ => privacy.Count(Rows256, PrivacyParameters.Laplace(epsilon))).ToArray();
        var meanAbsoluteError = draws.Average(r => Math.Abs(r.Value - 256));

        // Laplace(b) has E|X| = b with b = Δ/ε (Dwork and Roth 2014, §3.3); here λ = b(1 + 2⁻¹⁹). Rounding to the
        // Λ grid (256 is a multiple of every Λ used) gives E|round_Λ(X)| = Σ_k |k|Λ·P(round = k) = Λ / (2 sinh(Λ/2λ)),
        // between 0.85λ (Λ = 2λ) and 0.96λ (Λ = λ).
        var scale = SnappingFactor / epsilon;
        var granularity = draws[0].Granularity;
        var expected = granularity / (2 * Math.Sinh(granularity / (2 * scale)));
        Assert.Equal(scale, draws[0].NoiseScale, precision: 12);
        Assert.InRange(meanAbsoluteError / expected, 0.97, 1.03);
        Assert.InRange(meanAbsoluteError / (1 / epsilon), 0.82, 0.99);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Gaussian_count_error_matches_sigma_times_root_two_over_pi(double epsilon)
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(5));
        var draws = Enumerable.Range(0, 10_000).Select(_ => privacy.Count(Rows256, PrivacyParameters.Gaussian(epsilon, 1e-6))).ToArray();
        var meanAbsoluteError = draws.Average(r => Math.Abs(r.Value - 256));

        // E|N(0, σ²)| = σ·√(2/π); for σ of a few units the discrete Gaussian's differs by far less than the tolerance.
        var sigma = draws[0].NoiseScale;
        Assert.InRange(meanAbsoluteError / (sigma * Math.Sqrt(2 / Math.PI)), 0.97, 1.03);
        Assert.All(draws, r => Assert.Equal(Math.Round(r.Value), r.Value));
    }

    // Reference σ for sensitivity 1, computed outside this code base with Python's mpmath (40 digits): bisection, 200
    // steps, on Balle and Wang's condition ncdf(1/(2σ) − εσ) − exp(ε)·ncdf(−1/(2σ) − εσ) ≤ δ, each written as in the
    // paper; statistics.NormalDist gives the same to 11 digits. The zCDP conversion used before gave 4.9006 at ε = 1,
    // δ = 10⁻⁵, 31% more.
    [Theory]
    [InlineData(1.0, 1e-5, 3.73063163481594)]
    [InlineData(0.1, 1e-7, 41.3294516128001)]
    [InlineData(2.0, 1e-6, 2.23047627118642)]
    [InlineData(10.0, 1e-5, 0.499888619709009)]
    public void Analytic_gaussian_sigma_matches_reference_values(double epsilon, double delta, double sigma)
    {
        Assert.Equal(sigma, GaussianCalibration.AnalyticSigma(1, epsilon, delta), sigma * 1e-8);
        Assert.Equal(100 * sigma, GaussianCalibration.AnalyticSigma(100, epsilon, delta), sigma * 1e-6);
    }

    // The same condition summed over the integers instead (Canonne, Kamath and Steinke 2020, Theorem 7:
    // δ = P[Y ≥ a] − e^ε·P[Y ≥ a + 1], a = ⌊εσ² − ½⌋ + 1, Y the discrete Gaussian), bisected in Python with mpmath as
    // above. At (1, 10⁻⁵) and (2, 10⁻⁶) the discrete Gaussian at the continuous σ leaks δ = 1.0346·10⁻⁵ and 1.1000·10⁻⁶,
    // so a count needs a little more noise; at (10, 10⁻⁵) and (0.5, 10⁻⁶) it leaks less, and the continuous σ stands.
    [Theory]
    [InlineData(1.0, 1e-5, 3.74048470423)]
    [InlineData(2.0, 1e-6, 2.2466328963)]
    [InlineData(0.2, 1e-6, 18.9906546517)]
    [InlineData(10.0, 1e-5, 0.499888619709)]
    [InlineData(0.5, 1e-6, 8.05761848073)]
    public void A_count_sigma_holds_the_exact_delta_of_the_discrete_gaussian(double epsilon, double delta, double sigma)
    {
        var calibrated = GaussianCalibration.CountSigma(epsilon, delta);

        Assert.Equal(sigma, calibrated, sigma * 1e-8);
        Assert.True(GaussianCalibration.DiscreteDelta(calibrated, epsilon, delta, pairedWithSum: false) <= delta);
        Assert.Equal(sigma, new DifferentialPrivacy(NoiseSource.Seeded(8)).Count(Rows256, PrivacyParameters.Gaussian(epsilon, delta)).NoiseScale, sigma * 1e-8);
    }

    [Theory]
    [InlineData(1.0, 5e-324)]
    [InlineData(0.5, 1e-320)]
    [InlineData(PrivacyParameters.MaxEpsilon, 5e-324)]
    public void A_delta_too_small_to_sum_is_refused_not_searched_for_ever(double epsilon, double delta)
    {
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => GaussianCalibration.CountSigma(epsilon, delta)).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => GaussianCalibration.PairSigma(epsilon, delta)).ParamName);
    }

    [Theory]
    [InlineData(1e-200, 1e-5)]
    [InlineData(PrivacyParameters.MaxEpsilon, 1e-12)]
    [InlineData(PrivacyParameters.MaxEpsilon, 0.999)]
    public void Extreme_but_representable_parameters_are_calibrated(double epsilon, double delta)
    {
        var sigma = GaussianCalibration.AnalyticSigma(1, epsilon, delta);

        Assert.True(double.IsFinite(sigma) && sigma > 0, $"σ = {sigma}");
        Assert.InRange(GaussianCalibration.ContinuousDelta(sigma, epsilon), 0, delta);
        Assert.True(double.IsFinite(GaussianCalibration.PairSigma(epsilon, delta)));
        Assert.True(double.IsFinite(GaussianCalibration.CountSigma(epsilon, delta)));
    }

    [Fact]
    public void The_exact_condition_is_met_at_the_calibrated_sigma_and_missed_just_below_it()
    {
        foreach (var (epsilon, delta) in new[] { (1.0, 1e-5), (0.05, 1e-9), (5.0, 1e-6), (1e-3, 1e-6) })
        {
            var sigma = GaussianCalibration.AnalyticSigma(1, epsilon, delta);
            Assert.InRange(GaussianCalibration.ContinuousDelta(sigma, epsilon), 0, delta);
            Assert.True(GaussianCalibration.ContinuousDelta(sigma * (1 - 1e-6), epsilon) > delta);
        }
    }

    [Fact]
    public void Snapped_outputs_are_multiples_of_the_power_of_two_at_or_above_lambda()
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(6));
        var values = new[] { 0.37, 12.9, 3.1415 };
        var sums = Enumerable.Range(0, 500).Select(_ => privacy.Sum(values, 0, 20, PrivacyParameters.Laplace(0.7))).ToArray();
        var granularity = sums[0].Granularity;

        // λ = 20(1 + 2⁻¹⁹)/0.7 = 28.57…, so Λ = 32.
        Assert.Equal(32, granularity);
        Assert.All(sums, s => Assert.Equal(Math.Round(s.Value / granularity), s.Value / granularity));
        Assert.True(sums.Select(s => s.Value).Distinct().Count() > 5);
        // Noise that snaps a negative value to zero gives 0, never -0 (which JSON writes as "-0").
        Assert.Contains(sums, s => s.Value == 0);
        Assert.DoesNotContain(sums, s => double.IsNegative(s.Value) && s.Value == 0);
    }

    [Fact]
    public void Discrete_Gaussian_outputs_are_integer_multiples_of_the_grid()
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(7));
        var sums = Enumerable.Range(0, 200).Select(_ => privacy.Sum([0.3, 0.7, 1.1], -3, 5, PrivacyParameters.Gaussian(1, 1e-6))).ToArray();

        // Grid 2^(⌊log₂ 5⌋ − 20) = 2⁻¹⁸.
        Assert.All(sums, s => Assert.Equal(Math.Pow(2, -18), s.Granularity));
        Assert.All(sums, s => Assert.Equal(Math.Round(s.Value * (1 << 18)), s.Value * (1 << 18)));
    }

    [Fact]
    public void Uniform_draws_keep_a_full_mantissa_even_for_small_values()
    {
        var noise = NoiseSource.Seeded(8);
        var draws = Enumerable.Range(0, 200_000).Select(_ => noise.NextUnitInterval()).ToArray();
        var small = draws.Where(u => u < Math.Pow(2, -11)).ToArray();

        // The common (x >> 11)·2⁻⁵³ construction leaves values below 2⁻¹¹ with their 11 lowest mantissa bits
        // zero: the missing entropy Mironov's attack reads. Here those bits vary like the others.
        Assert.InRange(draws.Average(), 0.497, 0.503);
        Assert.True(small.Length > 50);
        Assert.True(small.Count(u => (BitConverter.DoubleToInt64Bits(u) & 0x7FF) != 0) > small.Length * 0.95);
    }

    [Fact]
    public void Sum_and_mean_clamp_each_value_to_the_bounds()
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(9));
        var values = new[] { -1_000, 5, 5, 1e9, double.PositiveInfinity, double.NaN };

        // Clamped to [0, 10]: 0 + 5 + 5 + 10 + 10 = 30 over 5 non-missing values; ε = 1000 makes the noise ~0.01.
        var sum = privacy.Sum(values, 0, 10, PrivacyParameters.Laplace(1_000));
        var mean = privacy.Mean(values, 0, 10, PrivacyParameters.Laplace(1_000));
        var count = privacy.Count(values, PrivacyParameters.Laplace(1_000));

        Assert.Equal(30, sum.Value, tolerance: 0.2);
        Assert.Equal(6, mean.Value, tolerance: 0.1);
        Assert.Equal(5, count.Value, tolerance: 0.1);
        Assert.InRange(privacy.Mean([50, 60], 0, 10, PrivacyParameters.Laplace(0.01)).Value, 0, 10);
    }

    [Fact]
    public void Sum_and_mean_refuse_missing_or_reversed_bounds_naming_the_field()
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(10));
        var laplace = PrivacyParameters.Laplace(1);

        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => privacy.Sum([1, 2], null, 10, laplace)).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => privacy.Sum([1, 2], 0, null, laplace)).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => privacy.Sum([1, 2], 10, 0, laplace)).ParamName);
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => privacy.Mean([1, 2], double.NegativeInfinity, 0, laplace)).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => privacy.Mean([1, 2], 3, 3, laplace)).ParamName);
        Assert.Contains("upper clamping bound", Assert.Throws<ArgumentException>(() => privacy.Mean([1, 2], 0, null, laplace)).Message);
    }

    [Fact]
    public void Privacy_parameters_are_validated_per_mechanism()
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(11));

        Assert.Equal("Epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => privacy.Count([1], PrivacyParameters.Laplace(0))).ParamName);
        Assert.Equal("Delta", Assert.Throws<ArgumentOutOfRangeException>(() => privacy.Count([1], new PrivacyParameters(NoiseMechanism.Laplace, 1, 1e-6))).ParamName);
        Assert.Equal("Delta", Assert.Throws<ArgumentOutOfRangeException>(() => privacy.Count([1], PrivacyParameters.Gaussian(1, 0))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => privacy.Count([1], PrivacyParameters.Laplace(1e6)));
    }

    [Fact]
    public void Histogram_counts_each_value_once_and_its_noise_does_not_grow_with_the_number_of_bins()
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(12));
        double[] values = [0, 0.5, 1, 1.5, 2, 2, 2.9, 3, -1, 7, double.NaN];

        var histogram = privacy.Histogram(values, [0, 1, 2, 3], PrivacyParameters.Laplace(500));
        var manyBins = privacy.Histogram(values, [.. Enumerable.Range(0, 101).Select(i => i * 0.03)], PrivacyParameters.Laplace(0.5));

        // [0,1): 0, 0.5; [1,2): 1, 1.5; [2,3]: 2, 2, 2.9, 3 (the last bin is closed); −1, 7 and NaN fall outside.
        Assert.Equal([2.0, 2.0, 4.0], histogram.Bins.Select(b => Math.Round(b.NoisyCount)));
        Assert.Equal(1, histogram.Bins[1].Lower);
        // One record changes one bin by one: L1 sensitivity 1 whatever the bin count, so λ = (1 + 2⁻¹⁹)/ε.
        Assert.Equal(SnappingFactor / 0.5, manyBins.NoiseScale, precision: 12);
        Assert.Equal(100, manyBins.Bins.Count);
        Assert.Equal("binEdges", Assert.Throws<ArgumentException>(() => privacy.Histogram(values, [0, 2, 1], PrivacyParameters.Laplace(1))).ParamName);
    }

    [Fact]
    public void Mean_splits_the_budget_between_sum_and_count()
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(13));
        var values = Enumerable.Range(0, 1_000).Select(i => (double)(i % 10)).ToArray();

        var laplace = privacy.Mean(values, 0, 10, PrivacyParameters.Laplace(1));
        var gaussian = privacy.Mean(values, 0, 10, PrivacyParameters.Gaussian(1, 1e-6));

        Assert.Equal(0.5, laplace.Sum.Epsilon);
        Assert.Equal(0.5, laplace.Count.Epsilon);
        // λ = (Δ + 2⁻⁴⁹·B)/ε with Δ = 10 and B = 2^(⌈log₂ 10⌉ + 30) = 2³⁴.
        Assert.Equal((10 + Math.Pow(2, -15)) / 0.5, laplace.Sum.NoiseScale, precision: 9);
        // The Gaussian pair is one mechanism of sensitivity √2 in units of σ: σ = √2 × 4.22467888933 = 5.97459818196
        // (Python mpmath as in Analytic_gaussian_sigma_matches_reference_values, the count's lattice summed in), not
        // the 6.93 of halving ρ; the sum's σ is Δ = 10 times the count's.
        Assert.Equal(5.97459818196, gaussian.Count.NoiseScale, 1e-5);
        Assert.Equal(10 * gaussian.Count.NoiseScale, gaussian.Sum.NoiseScale, 1e-6);
        Assert.InRange(laplace.Value, 4.5 - (2 * laplace.ErrorBound95), 4.5 + (2 * laplace.ErrorBound95));
        Assert.InRange(gaussian.Value, 4.5 - (2 * gaussian.ErrorBound95), 4.5 + (2 * gaussian.ErrorBound95));
    }

    [Theory]
    [InlineData(NoiseMechanism.Laplace)]
    [InlineData(NoiseMechanism.Gaussian)]
    public void The_95_percent_error_bound_covers_about_95_percent_of_releases(NoiseMechanism mechanism)
    {
        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(14));
        // Snapping makes the Laplace coverage step with ε: at ε = 0.35 (λ = 2.86, Λ = 4) it is exactly
        // P(|X| < 10) = 1 − e^(−10/λ) = 0.970; the Gaussian's at σ = 18.99 is P(|Y| ≤ 38) = 0.957 (summed from the pmf).
        var parameters = mechanism == NoiseMechanism.Laplace ? PrivacyParameters.Laplace(0.35) : PrivacyParameters.Gaussian(0.2, 1e-6);
        var draws = Enumerable.Range(0, 8_000).Select(_ => privacy.Count(Rows256, parameters)).ToArray();

        var covered = draws.Count(r => Math.Abs(r.Value - 256) <= r.ErrorBound95) / (double)draws.Length;

        Assert.InRange(covered, 0.94, 0.985);
    }

    [Fact]
    public void A_seed_replays_the_same_releases()
    {
        static double[] Run()
        {
            var seeded = new DifferentialPrivacy(NoiseSource.Seeded(15));
            return [.. Enumerable.Range(0, 20).Select(_ => seeded.Count(Rows256, PrivacyParameters.Laplace(0.1)).Value)];
        }

        var privacy = new DifferentialPrivacy(NoiseSource.Seeded(16));
        var varied = Enumerable.Range(0, 20).Select(_ => privacy.Count(Rows256, PrivacyParameters.Gaussian(1, 1e-6)).Value).Distinct().Count();

        Assert.Equal(Run(), Run());
        Assert.True(Run().Distinct().Count() > 3);
        Assert.True(varied > 3);
    }

    /// <summary>sup over <paramref name="points"/> of |F_n(x) − F(x)|, F_n the empirical CDF (right-continuous).</summary>
    private static double KsStatistic(double[] samples, double[] points, Func<double, double> cdf)
    {
        var sorted = samples.Order().ToArray();
        return points.Max(x =>
        {
            var below = UpperBound(sorted, x);
            return Math.Abs(((double)below / sorted.Length) - cdf(x));
        });
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] <= x)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Φ via erf from Abramowitz and Stegun 7.1.26 (absolute error below 1.5·10⁻⁷, far under the KS resolution).</summary>
    private static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1 - (poly * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
