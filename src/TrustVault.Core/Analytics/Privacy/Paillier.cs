using System.Numerics;
using System.Security.Cryptography;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// A Paillier public key (Paillier, "Public-Key Cryptosystems Based on Composite Degree Residuosity
/// Classes", EUROCRYPT 1999) with g = n + 1. Anyone holding it can encrypt and add ciphertexts; the
/// server side of the encrypted-sum API needs nothing more, so it never sees a plaintext.
/// </summary>
public sealed class PaillierPublicKey(BigInteger n)
{
    public BigInteger N { get; } = n;

    public BigInteger NSquared { get; } = n * n;

    /// <summary>Encrypts an integer (negative values wrap modulo n and come back negative on decryption).</summary>
    public BigInteger Encrypt(BigInteger message, Func<int, byte[]>? randomBytes = null)
    {
        var m = ((message % N) + N) % N;
        var r = RandomUnit(randomBytes ?? RandomNumberGenerator.GetBytes);
        // g^m = (1 + n)^m = 1 + m·n (mod n²): one multiplication instead of an exponentiation.
        return (1 + (m * N)) % NSquared * BigInteger.ModPow(r, N, NSquared) % NSquared;
    }

    /// <summary>The ciphertext of the sum of the plaintexts of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public BigInteger Add(BigInteger a, BigInteger b) => a * b % NSquared;

    public BigInteger Sum(IEnumerable<BigInteger> ciphertexts) => ciphertexts.Aggregate(BigInteger.One, Add);

    /// <summary>Whether a value can be a ciphertext of this key (in Z*_{n²}).</summary>
    public bool IsCiphertext(BigInteger c) => c > 0 && c < NSquared && BigInteger.GreatestCommonDivisor(c, N).IsOne;

    private BigInteger RandomUnit(Func<int, byte[]> randomBytes)
    {
        while (true)
        {
            var r = new BigInteger(randomBytes(N.GetByteCount(isUnsigned: true)), isUnsigned: true, isBigEndian: true) % N;
            if (r > 1 && BigInteger.GreatestCommonDivisor(r, N).IsOne)
            {
                return r;
            }
        }
    }
}

/// <summary>The private key: decrypts with the Chinese remainder theorem (Paillier 1999, §7), about four times faster than mod n².</summary>
public sealed class PaillierKeyPair
{
    private readonly BigInteger p;
    private readonly BigInteger q;
    private readonly BigInteger pSquared;
    private readonly BigInteger qSquared;
    private readonly BigInteger hp;
    private readonly BigInteger hq;
    private readonly BigInteger qInverseModP;

    private PaillierKeyPair(BigInteger p, BigInteger q)
    {
        this.p = p;
        this.q = q;
        PublicKey = new PaillierPublicKey(p * q);
        pSquared = p * p;
        qSquared = q * q;
        var g = PublicKey.N + 1;
        hp = ModInverse(L(BigInteger.ModPow(g, p - 1, pSquared), p), p);
        hq = ModInverse(L(BigInteger.ModPow(g, q - 1, qSquared), q), q);
        qInverseModP = ModInverse(q, p);
    }

    public PaillierPublicKey PublicKey { get; }

    /// <param name="bits">Size of n (2048 for real use).</param>
    /// <param name="randomBytes">Random source; a seeded one makes key generation repeatable in tests.</param>
    public static PaillierKeyPair Generate(int bits = 2048, Func<int, byte[]>? randomBytes = null)
    {
        var random = randomBytes ?? RandomNumberGenerator.GetBytes;
        while (true)
        {
            var p = Primes.RandomPrime(bits / 2, random);
            var q = Primes.RandomPrime(bits / 2, random);
            if (p != q && BigInteger.GreatestCommonDivisor(p * q, (p - 1) * (q - 1)).IsOne)
            {
                return new PaillierKeyPair(p, q);
            }
        }
    }

    /// <summary>Decrypts to the integer in (−n/2, n/2], so encrypted negative numbers come back negative.</summary>
    public BigInteger Decrypt(BigInteger ciphertext)
    {
        if (!PublicKey.IsCiphertext(ciphertext))
        {
            throw new ArgumentException("Not a ciphertext of this key.", nameof(ciphertext));
        }

        var mp = L(BigInteger.ModPow(ciphertext, p - 1, pSquared), p) * hp % p;
        var mq = L(BigInteger.ModPow(ciphertext, q - 1, qSquared), q) * hq % q;
        var m = mq + ((mp - mq) * qInverseModP % p + p) % p * q;
        return m > PublicKey.N / 2 ? m - PublicKey.N : m;
    }

    private static BigInteger L(BigInteger x, BigInteger divisor) => (x - 1) / divisor;

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
