using System.Numerics;

namespace TrustVault.Core.Analytics.Statistics;

/// <summary>
/// Distinct-count sketch: HyperLogLog (Flajolet, Fusy, Gandouet, Meunier, "HyperLogLog: the analysis of a
/// near-optimal cardinality estimation algorithm", AofA 2007) with 2^14 one-byte registers fed by 64-bit
/// hashes. The estimate is Ertl's improved raw estimator ("New cardinality estimation algorithms for
/// HyperLogLog sketches", 2017, algorithm 6): it is unbiased from one value to far beyond 2^50 without the
/// linear-counting switch or the empirical bias tables of HyperLogLog++, so one formula serves every size.
/// </summary>
public sealed class HyperLogLog
{
    /// <summary>Register-index bits p: m = 2^p registers.</summary>
    public const int Precision = 14;

    /// <summary>Hash bits left for the register values, q = 64 − p.</summary>
    private const int ValueBits = 64 - Precision;

    private readonly byte[] registers = new byte[1 << Precision];

    /// <summary>Relative standard error of the estimate, 1.04/√m (Flajolet et al. 2007): 0.81% at m = 2^14.</summary>
    public static double RelativeStandardError { get; } = 1.04 / Math.Sqrt(1 << Precision);

    /// <summary>Records one value by its 64-bit hash: the top p bits pick a register, which keeps the largest position of the first one-bit in the rest.</summary>
    public void Add(ulong hash)
    {
        var index = (int)(hash >> ValueBits);
        var rest = hash << Precision;
        var rank = rest == 0 ? ValueBits + 1 : BitOperations.LeadingZeroCount(rest) + 1;
        if (rank > registers[index])
        {
            registers[index] = (byte)rank;
        }
    }

    public double Estimate()
    {
        double m = registers.Length;
        var histogram = new int[ValueBits + 2];
        foreach (var register in registers)
        {
            histogram[register]++;
        }

        var z = m * Tau(1 - (histogram[ValueBits + 1] / m));
        for (var k = ValueBits; k >= 1; k--)
        {
            z = 0.5 * (z + histogram[k]);
        }

        z += m * Sigma(histogram[0] / m);
        return m * m / (2 * Math.Log(2) * z);
    }

    /// <summary>σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k−1) (Ertl 2017), summed until it stops changing.</summary>
    private static double Sigma(double x)
    {
        if (x == 1)
        {
            return double.PositiveInfinity;
        }

        double y = 1, z = x, previous;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (z != previous);
        return z;
    }

    /// <summary>τ(x) = (1 − x − Σ_{k≥1} (1 − x^(2^−k))² 2^−k) / 3 (Ertl 2017), summed until it stops changing.</summary>
    private static double Tau(double x)
    {
        if (x is 0 or 1)
        {
            return 0;
        }

        double y = 1, z = 1 - x, previous;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        }
        while (z != previous);
        return z / 3;
    }
}
