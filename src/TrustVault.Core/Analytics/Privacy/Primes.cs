using System.Numerics;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>Random probable primes: small-prime sieve, then Miller–Rabin with 40 random bases (error below 2⁻⁸⁰).</summary>
internal static class Primes
{
    private static readonly int[] SmallPrimes = Enumerable.Range(3, 2000).Where(IsSmallPrime).ToArray();

    public static BigInteger RandomPrime(int bits, Func<int, byte[]> randomBytes)
    {
        while (true)
        {
            var bytes = randomBytes((bits + 7) / 8);
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            // Top two bits set (so p·q has the full length) and odd.
            candidate |= (BigInteger.One << (bits - 1)) | (BigInteger.One << (bits - 2)) | BigInteger.One;
            candidate &= (BigInteger.One << bits) - 1;
            if (SmallPrimes.All(p => candidate % p != 0) && IsProbablePrime(candidate, 40, randomBytes))
            {
                return candidate;
            }
        }
    }

    public static bool IsProbablePrime(BigInteger n, int rounds, Func<int, byte[]> randomBytes)
    {
        if (n < 2)
        {
            return false;
        }

        if (n < 4)
        {
            return true;
        }

        if (n.IsEven)
        {
            return false;
        }

        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        var length = n.GetByteCount(isUnsigned: true);
        for (var round = 0; round < rounds; round++)
        {
            var a = (new BigInteger(randomBytes(length), isUnsigned: true, isBigEndian: true) % (n - 3)) + 2;
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1)
            {
                continue;
            }

            var composite = true;
            for (var r = 1; r < s; r++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1)
                {
                    composite = false;
                    break;
                }
            }

            if (composite)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSmallPrime(int n) => Enumerable.Range(2, (int)Math.Sqrt(n) - 1).All(d => n % d != 0);
}
