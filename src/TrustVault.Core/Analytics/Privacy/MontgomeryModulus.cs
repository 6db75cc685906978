using System.Buffers.Binary;
using System.Numerics;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// Products modulo an odd modulus by Montgomery multiplication (Montgomery, "Modular Multiplication Without Trial
/// Division", Math. Comp. 44, 1985) on 64-bit words, multiplication and reduction interleaved word by word as in the CIOS
/// method of Koç, Acar and Kaliski ("Analyzing and Comparing Montgomery Multiplication Algorithms", IEEE Micro 16(3), 1996).
/// A step costs about 2k² word products for a k-word modulus and no division, where <see cref="BigInteger"/>'s multiply
/// then remainder costs a 32-bit schoolbook product and a schoolbook division: about three times as long at 4096 bits.
/// </summary>
internal sealed class MontgomeryModulus
{
    private readonly ulong[] modulus;

    /// <summary>−m⁻¹ mod 2⁶⁴: the multiple of m that clears a word.</summary>
    private readonly ulong negativeInverse;

    public MontgomeryModulus(BigInteger modulus)
    {
        if (modulus <= BigInteger.One || modulus.IsEven)
        {
            throw new ArgumentOutOfRangeException(nameof(modulus), "Montgomery reduction needs an odd modulus above 1.");
        }

        Value = modulus;
        this.modulus = Words(modulus, (int)((modulus.GetBitLength() + 63) / 64));
        negativeInverse = 0 - InverseOfOdd(this.modulus[0]);
    }

    public BigInteger Value { get; }

    private int Length => modulus.Length;

    /// <summary>The product of <paramref name="values"/> modulo m; each must lie in [0, m).</summary>
    public BigInteger Product(IReadOnlyList<BigInteger> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return BigInteger.One;
        }

        var product = Words(Residue(values[0]), Length);
        var factor = new ulong[Length];
        var bytes = new byte[Length * sizeof(ulong)];
        var scratch = new ulong[Length + 1];
        for (var i = 1; i < values.Count; i++)
        {
            Words(Residue(values[i]), factor, bytes);
            Multiply(product, factor, scratch);
        }

        // Each step divides by R = 2^(64k), so the product of N values came out as Π·R^−(N−1) mod m: one multiplication
        // puts the missing powers of R back.
        var r = (BigInteger.One << (64 * Length)) % Value;
        return Integer(product) * BigInteger.ModPow(r, values.Count - 1, Value) % Value;
    }

    /// <summary>The value itself, checked: Montgomery's bound on its results holds only for factors below m.</summary>
    private BigInteger Residue(BigInteger value) =>
        value.Sign >= 0 && value < Value ? value : throw new ArgumentOutOfRangeException(nameof(value), "A factor lies outside [0, m).");

    /// <summary>x ← x·y·R⁻¹ mod m, for x and y in [0, m).</summary>
    private void Multiply(Span<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> t)
    {
        var k = Length;
        ReadOnlySpan<ulong> m = modulus;
        t.Clear();
        for (var i = 0; i < k; i++)
        {
            // t ← (t + x·y[i] + q·m) / 2⁶⁴, with q chosen so that the low word is 0. t stays below 2m, one word over m's.
            var yi = y[i];
            var carryProduct = MultiplyAdd(x[0], yi, t[0], 0, out var low);
            var q = low * negativeInverse;
            var carryReduction = MultiplyAdd(q, m[0], low, 0, out _);
            for (var j = 1; j < k; j++)
            {
                carryProduct = MultiplyAdd(x[j], yi, t[j], carryProduct, out low);
                carryReduction = MultiplyAdd(q, m[j], low, carryReduction, out t[j - 1]);
            }

            var top = t[k] + carryProduct;
            var overflow = top < carryProduct ? 1UL : 0UL;
            t[k - 1] = top + carryReduction;
            t[k] = overflow + (t[k - 1] < carryReduction ? 1UL : 0UL);
        }

        // Below 2m: one subtraction of m at most brings it into [0, m).
        if (t[k] != 0 || !IsBelow(t[..k], m))
        {
            Subtract(t[..k], m);
        }

        t[..k].CopyTo(x);
    }

    /// <summary>a·b + c + d as two words (it cannot exceed 2¹²⁸ − 1): returns the high word.</summary>
    private static ulong MultiplyAdd(ulong a, ulong b, ulong c, ulong d, out ulong low)
    {
        var high = Math.BigMul(a, b, out low);
        low += c;
        high += low < c ? 1UL : 0UL;
        low += d;
        high += low < d ? 1UL : 0UL;
        return high;
    }

    private static bool IsBelow(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (var i = a.Length - 1; i >= 0; i--)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i];
            }
        }

        return false;
    }

    /// <summary>a ← a − b mod 2^(64k); the borrow out of the top word is the carry word the caller drops.</summary>
    private static void Subtract(Span<ulong> a, ReadOnlySpan<ulong> b)
    {
        var borrow = 0UL;
        for (var i = 0; i < a.Length; i++)
        {
            var difference = a[i] - b[i];
            var nextBorrow = a[i] < b[i] ? 1UL : 0UL;
            a[i] = difference - borrow;
            borrow = nextBorrow | (difference < borrow ? 1UL : 0UL);
        }
    }

    /// <summary>x⁻¹ mod 2⁶⁴ by Newton's iteration: an odd x is its own inverse mod 8, and each step doubles the correct bits.</summary>
    private static ulong InverseOfOdd(ulong x)
    {
        var inverse = x;
        for (var i = 0; i < 5; i++)
        {
            inverse *= 2 - (x * inverse);
        }

        return inverse;
    }

    private static ulong[] Words(BigInteger value, int length)
    {
        var words = new ulong[length];
        Words(value, words, new byte[length * sizeof(ulong)]);
        return words;
    }

    /// <summary>The little-endian 64-bit words of a non-negative value that fits in them, read through a byte buffer of their size.</summary>
    private static void Words(BigInteger value, Span<ulong> words, Span<byte> bytes)
    {
        bytes.Clear();
        if (!value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value does not fit the modulus's words.");
        }

        for (var i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * sizeof(ulong))..]);
        }
    }

    private static BigInteger Integer(ReadOnlySpan<ulong> words)
    {
        var bytes = new byte[words.Length * sizeof(ulong)];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), words[i]);
        }

        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }
}
