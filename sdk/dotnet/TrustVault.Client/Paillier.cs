using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace TrustVault.Client;

/// <summary>
/// A Paillier public key (Paillier, "Public-Key Cryptosystems Based on Composite Degree Residuosity Classes", EUROCRYPT 1999)
/// with g = n + 1, the form the privacy API expects. Encrypt values with it, send the ciphertexts to
/// <see cref="TrustVaultClient.PaillierSumAsync"/>, and decrypt the sum with the <see cref="PaillierKeyPair"/>.
/// </summary>
public sealed class PaillierPublicKey
{
    public PaillierPublicKey(BigInteger n)
    {
        if (n < 3 || n.IsEven)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "A Paillier modulus is an odd product of two primes.");
        }

        N = n;
        NSquared = n * n;
    }

    public BigInteger N { get; }

    public BigInteger NSquared { get; }

    /// <summary>Reads n as the privacy API writes it: decimal digits.</summary>
    public static PaillierPublicKey FromDecimalString(string n) =>
        new(BigInteger.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <summary>n as decimal digits: the <c>publicKey.n</c> of the privacy API.</summary>
    public string ToDecimalString() => N.ToString(CultureInfo.InvariantCulture);

    /// <summary>g^m·rⁿ mod n² for a fresh random r; negative values wrap modulo n and decrypt back to negative.</summary>
    public BigInteger Encrypt(BigInteger message)
    {
        var m = ((message % N) + N) % N;
        // g^m = (1 + n)^m = 1 + m·n (mod n²), by the binomial theorem: no exponentiation needed.
        var gm = (1 + (m * N)) % NSquared;
        return gm * BigInteger.ModPow(RandomUnit(), N, NSquared) % NSquared;
    }

    /// <summary>The ciphertext of the sum of two plaintexts, as the server computes it.</summary>
    public BigInteger Add(BigInteger a, BigInteger b) => a * b % NSquared;

    private BigInteger RandomUnit()
    {
        while (true)
        {
            var r = RandomBelow(N);
            if (r > 1 && BigInteger.GreatestCommonDivisor(r, N).IsOne)
            {
                return r;
            }
        }
    }

    /// <summary>64 bits more than the bound before reducing, so no residue is favoured by more than 2⁻⁶⁴.</summary>
    internal static BigInteger RandomBelow(BigInteger bound) =>
        new BigInteger(RandomNumberGenerator.GetBytes(bound.GetByteCount(isUnsigned: true) + 8), isUnsigned: true, isBigEndian: true) % bound;
}

/// <summary>A Paillier key pair: decrypts with λ = lcm(p − 1, q − 1) and μ = λ⁻¹ mod n, which g = n + 1 allows (Paillier 1999, §3).</summary>
public sealed class PaillierKeyPair
{
    private readonly BigInteger lambda;
    private readonly BigInteger mu;

    private PaillierKeyPair(BigInteger p, BigInteger q)
    {
        PublicKey = new PaillierPublicKey(p * q);
        lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
        mu = ModInverse(lambda % PublicKey.N, PublicKey.N);
    }

    public PaillierPublicKey PublicKey { get; }

    /// <param name="bits">Size of n: 2048 for real use; the privacy API accepts 1024 to 4096.</param>
    public static PaillierKeyPair Generate(int bits = 2048)
    {
        if (bits is < 64 or > 8192 || bits % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), "Choose an even size from 64 to 8192 bits (2048 for real use).");
        }

        while (true)
        {
            var p = RandomPrime(bits / 2);
            var q = RandomPrime(bits / 2);
            // gcd(pq, (p−1)(q−1)) = 1 holds for distinct primes of equal size; checking costs nothing.
            if (p != q && BigInteger.GreatestCommonDivisor(p * q, (p - 1) * (q - 1)).IsOne)
            {
                return new PaillierKeyPair(p, q);
            }
        }
    }

    public BigInteger Encrypt(BigInteger message) => PublicKey.Encrypt(message);

    /// <summary>L(c^λ mod n²)·μ mod n, returned in (−n/2, n/2] so encrypted negative numbers come back negative.</summary>
    public BigInteger Decrypt(BigInteger ciphertext)
    {
        var n = PublicKey.N;
        if (ciphertext <= 0 || ciphertext >= PublicKey.NSquared || !BigInteger.GreatestCommonDivisor(ciphertext, n).IsOne)
        {
            throw new ArgumentException("Not a ciphertext of this key.", nameof(ciphertext));
        }

        var m = (BigInteger.ModPow(ciphertext, lambda, PublicKey.NSquared) - 1) / n * mu % n;
        return m > n / 2 ? m - n : m;
    }

    /// <summary>A random prime of exactly <paramref name="bits"/> bits (top two bits set, so p·q has exactly 2·bits).</summary>
    private static BigInteger RandomPrime(int bits)
    {
        var bytes = new byte[(bits + 7) / 8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var candidate = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            candidate &= (BigInteger.One << bits) - 1;
            candidate |= (BigInteger.One << (bits - 1)) | (BigInteger.One << (bits - 2)) | BigInteger.One;
            if (IsProbablePrime(candidate))
            {
                return candidate;
            }
        }
    }

    private static readonly int[] SmallPrimes = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

    /// <summary>Trial division, then 40 Miller–Rabin rounds with random bases: error below 2⁻⁸⁰.</summary>
    private static bool IsProbablePrime(BigInteger n)
    {
        foreach (var small in SmallPrimes)
        {
            if (n % small == 0)
            {
                return n == small;
            }
        }

        var d = n - 1;
        var s = 0;
        while (d.IsEven)
        {
            d >>= 1;
            s++;
        }

        for (var round = 0; round < 40; round++)
        {
            var a = PaillierPublicKey.RandomBelow(n - 3) + 2;
            var x = BigInteger.ModPow(a, d, n);
            if (x.IsOne || x == n - 1)
            {
                continue;
            }

            var witness = true;
            for (var i = 1; i < s && witness; i++)
            {
                x = BigInteger.ModPow(x, 2, n);
                witness = x != n - 1;
            }

            if (witness)
            {
                return false;
            }
        }

        return true;
    }

    private static BigInteger ModInverse(BigInteger a, BigInteger modulus)
    {
        // Extended Euclid.
        BigInteger oldR = ((a % modulus) + modulus) % modulus, r = modulus, oldS = 1, s = 0;
        while (!r.IsZero)
        {
            var quotient = oldR / r;
            (oldR, r) = (r, oldR - (quotient * r));
            (oldS, s) = (s, oldS - (quotient * s));
        }

        return ((oldS % modulus) + modulus) % modulus;
    }
}
