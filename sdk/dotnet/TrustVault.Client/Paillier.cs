using System.Collections.Concurrent;
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
    public BigInteger Encrypt(BigInteger message) => EncryptWith(message, Randomizer());

    /// <summary>
    /// A fresh rⁿ mod n² for a uniform r in Z*_n: the costly half of an encryption, which a
    /// <see cref="PaillierRandomizerPool"/> computes ahead of time.
    /// </summary>
    public BigInteger Randomizer() => BigInteger.ModPow(RandomUnit(), N, NSquared);

    /// <summary>g^m·randomizer mod n² for a randomizer rⁿ mod n² that must never be used twice.</summary>
    public BigInteger EncryptWith(BigInteger message, BigInteger randomizer)
    {
        var m = ((message % N) + N) % N;
        // g^m = (1 + n)^m = 1 + m·n (mod n²), by the binomial theorem: no exponentiation needed.
        var gm = (1 + (m * N)) % NSquared;
        return gm * randomizer % NSquared;
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
    private readonly BigInteger p;
    private readonly BigInteger q;
    private readonly BigInteger pSquared;
    private readonly BigInteger qSquared;
    private readonly BigInteger pSquaredInverseModQSquared;

    private PaillierKeyPair(BigInteger p, BigInteger q)
    {
        PublicKey = new PaillierPublicKey(p * q);
        lambda = (p - 1) * (q - 1) / BigInteger.GreatestCommonDivisor(p - 1, q - 1);
        mu = ModInverse(lambda % PublicKey.N, PublicKey.N);
        this.p = p;
        this.q = q;
        pSquared = p * p;
        qSquared = q * q;
        pSquaredInverseModQSquared = ModInverse(pSquared, qSquared);
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

    /// <summary>The key pair of the primes <paramref name="p"/> and <paramref name="q"/>, e.g. to decrypt with a stored key.</summary>
    public static PaillierKeyPair FromPrimes(BigInteger p, BigInteger q)
    {
        if (p == q || p < 3 || q < 3 || !BigInteger.GreatestCommonDivisor(p * q, (p - 1) * (q - 1)).IsOne)
        {
            throw new ArgumentException("p and q must be distinct odd primes with gcd(pq, (p−1)(q−1)) = 1.");
        }

        return new PaillierKeyPair(p, q);
    }

    /// <summary>Encrypts with the primes' shortcut for rⁿ (<see cref="Randomizer"/>); the ciphertext is distributed as a public-key one.</summary>
    public BigInteger Encrypt(BigInteger message) => PublicKey.EncryptWith(message, Randomizer());

    /// <summary>
    /// A uniformly random n-th residue mod n², as rⁿ for a uniform r ∈ Z*_n, about four times faster with p and q: by the
    /// Chinese remainder theorem Z*_{n²} ≅ Z*_{p²} × Z*_{q²}, and the n-th residues mod p² are exactly {x^p mod p² : x ∈ Z*_p};
    /// so one uniform x mod p and one y mod q, raised to p and q modulo p² and q², replace a full-size exponent modulo n².
    /// </summary>
    public BigInteger Randomizer()
    {
        var residueModP = BigInteger.ModPow(PaillierPublicKey.RandomBelow(p - 1) + 1, p, pSquared);
        var residueModQ = BigInteger.ModPow(PaillierPublicKey.RandomBelow(q - 1) + 1, q, qSquared);
        // Garner: s ≡ residueModP (mod p²), s ≡ residueModQ (mod q²).
        var lift = ((residueModQ - residueModP) % qSquared * pSquaredInverseModQSquared % qSquared + qSquared) % qSquared;
        return residueModP + (lift * pSquared);
    }

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

/// <summary>
/// Offline/online encryption: the randomizers rⁿ mod n² do not depend on the message, so <see cref="Fill"/> computes them
/// ahead of time (e.g. on a background task while idle) and an encryption then costs one multiplication mod n². Each
/// randomizer is handed out once; when the pool is empty a fresh one is computed on the spot. Safe to share between threads.
/// </summary>
public sealed class PaillierRandomizerPool
{
    private readonly ConcurrentQueue<BigInteger> randomizers = new();
    private readonly PaillierPublicKey publicKey;
    private readonly Func<BigInteger> nextRandomizer;

    /// <summary>A pool for someone with the public key only: each randomizer is rⁿ mod n².</summary>
    public PaillierRandomizerPool(PaillierPublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        this.publicKey = publicKey;
        nextRandomizer = publicKey.Randomizer;
    }

    /// <summary>A pool for the key holder: randomizers come from the faster CRT route (<see cref="PaillierKeyPair.Randomizer"/>).</summary>
    public PaillierRandomizerPool(PaillierKeyPair keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        publicKey = keys.PublicKey;
        nextRandomizer = keys.Randomizer;
    }

    public int Available => randomizers.Count;

    /// <summary>Computes <paramref name="count"/> randomizers now, for encryptions later.</summary>
    public void Fill(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < count; i++)
        {
            randomizers.Enqueue(nextRandomizer());
        }
    }

    public BigInteger Encrypt(BigInteger message) =>
        publicKey.EncryptWith(message, randomizers.TryDequeue(out var randomizer) ? randomizer : nextRandomizer());
}

/// <summary>The privacy API's compact form of a number: base64 of its big-endian unsigned bytes.</summary>
public static class PaillierBase64
{
    public static string Write(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return Convert.ToBase64String(value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    /// <exception cref="FormatException">The text is not base64.</exception>
    public static BigInteger Read(string text) => new(Convert.FromBase64String(text), isUnsigned: true, isBigEndian: true);
}
