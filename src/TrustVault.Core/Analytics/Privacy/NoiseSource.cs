using System.Numerics;
using System.Security.Cryptography;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// The random bits behind every noise draw. <see cref="Cryptographic"/> (the default) reads the
/// operating system's CSPRNG and is safe to share between threads; <see cref="Seeded"/> replays the
/// same draws for tests and is not thread-safe.
/// </summary>
public sealed class NoiseSource
{
    private readonly Action<Span<byte>> fill;

    private NoiseSource(Action<Span<byte>> fill) => this.fill = fill;

    public static NoiseSource Cryptographic { get; } = new(RandomNumberGenerator.Fill);

    /// <summary>Deterministic bits for tests: never use one to release real results.</summary>
    public static NoiseSource Seeded(int seed)
    {
        var random = new Random(seed);
        return new NoiseSource(random.NextBytes);
    }

    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    public bool NextBit()
    {
        Span<byte> bytes = stackalloc byte[1];
        fill(bytes);
        return (bytes[0] & 1) == 1;
    }

    /// <summary>A uniform integer in [0, <paramref name="exclusiveUpper"/>), by rejection so no value is favoured.</summary>
    public BigInteger NextBelow(BigInteger exclusiveUpper)
    {
        if (exclusiveUpper.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exclusiveUpper), "The upper limit must be positive.");
        }

        var bits = (int)(exclusiveUpper - 1).GetBitLength();
        if (bits == 0)
        {
            return BigInteger.Zero;
        }

        var bytes = new byte[(bits + 7) / 8];
        var topMask = (byte)(0xFF >> ((8 * bytes.Length) - bits));
        while (true)
        {
            fill(bytes);
            bytes[^1] &= topMask;
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
            if (candidate < exclusiveUpper)
            {
                return candidate;
            }
        }
    }

    /// <summary>
    /// A uniform double in (0, 1) where every representable value appears with probability equal to
    /// its spacing, as the snapping mechanism requires (Mironov 2012, §5): the binary exponent is
    /// geometric (count the zero bits before the first one) and all 52 mantissa bits are random. The
    /// usual <c>NextUInt64() / 2⁶⁴</c> would leave the small values that Laplace tails come from with
    /// only a few random bits, the flaw Mironov's attack exploits.
    /// </summary>
    public double NextUnitInterval()
    {
        var leadingZeros = 0;
        ulong word;
        while ((word = NextUInt64()) == 0)
        {
            leadingZeros += 64;
            if (leadingZeros >= 1074)
            {
                return double.Epsilon;
            }
        }

        leadingZeros += BitOperations.LeadingZeroCount(word);
        var mantissa = NextUInt64() & ((1UL << 52) - 1);
        // (2⁵² + m)·2^(−53−e) lies in [2^(−e−1), 2^(−e)).
        return Math.ScaleB((1UL << 52) + mantissa, -53 - leadingZeros);
    }
}
