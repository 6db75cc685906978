using System.Numerics;
using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Tests.Analytics;

public sealed class PaillierTests
{
    private static Func<int, byte[]> Seeded(int seed)
    {
        var random = new Random(seed);
        return count =>
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        };
    }

    // 512-bit keys keep the tests quick; one test uses the real 2048-bit size.
    private static readonly PaillierKeyPair Keys = PaillierKeyPair.Generate(512, Seeded(7));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(-17)]
    [InlineData(123_456_789_012)]
    public void Decryption_returns_what_was_encrypted(long value)
    {
        Assert.Equal(new BigInteger(value), Keys.Decrypt(Keys.PublicKey.Encrypt(value)));
    }

    [Fact]
    public void Encryption_is_randomised()
    {
        Assert.NotEqual(Keys.PublicKey.Encrypt(5), Keys.PublicKey.Encrypt(5));
    }

    [Fact]
    public void The_sum_of_ciphertexts_decrypts_to_the_sum_of_the_plaintexts()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 200).Select(_ => (long)random.Next(-1_000_000, 1_000_000)).ToArray();
        var publicKey = new PaillierPublicKey(Keys.PublicKey.N);

        // The adding side holds only the public key.
        var encryptedSum = publicKey.Sum(values.Select(v => Keys.PublicKey.Encrypt(v)));

        Assert.Equal(new BigInteger(values.Sum()), Keys.Decrypt(encryptedSum));
    }

    [Fact]
    public void A_2048_bit_key_has_a_2048_bit_modulus_and_adds_correctly()
    {
        var keys = PaillierKeyPair.Generate(2048, Seeded(2026));

        Assert.Equal(2048, (int)keys.PublicKey.N.GetBitLength());
        var sum = keys.PublicKey.Add(keys.PublicKey.Encrypt(1_000), keys.PublicKey.Encrypt(-1));
        Assert.Equal(new BigInteger(999), keys.Decrypt(sum));
    }

    [Fact]
    public void Key_generation_is_repeatable_with_a_seed()
    {
        Assert.Equal(PaillierKeyPair.Generate(256, Seeded(3)).PublicKey.N, PaillierKeyPair.Generate(256, Seeded(3)).PublicKey.N);
    }

    [Fact]
    public void Values_that_are_not_ciphertexts_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Keys.Decrypt(Keys.PublicKey.NSquared + 1));
        Assert.Throws<ArgumentException>(() => Keys.Decrypt(BigInteger.Zero));
        Assert.False(Keys.PublicKey.IsCiphertext(Keys.PublicKey.N));
    }

    [Fact]
    public void The_checked_sum_of_ciphertexts_decrypts_to_the_sum_of_the_plaintexts()
    {
        var random = new Random(12);
        var values = Enumerable.Range(0, 100).Select(_ => (long)random.Next(-1_000_000, 1_000_000)).ToArray();
        var ciphertexts = values.Select(v => Keys.Encrypt(v)).ToArray();

        Assert.True(new PaillierPublicKey(Keys.PublicKey.N).TrySum(ciphertexts, out var sum, out var firstInvalid));

        Assert.Equal(-1, firstInvalid);
        Assert.Equal(ciphertexts.Aggregate(BigInteger.One, Keys.PublicKey.Add), sum);
        Assert.Equal(new BigInteger(values.Sum()), Keys.Decrypt(sum));
    }

    /// <summary>
    /// The coprimality check runs once, on the product: a value sharing just one of n's primes must still fail it and be
    /// named, wherever it stands. n's factors are known here (two Mersenne primes) so that such values can be made.
    /// </summary>
    [Theory]
    [InlineData("p", 0)]
    [InlineData("p", 7)]
    [InlineData("q", 3)]
    [InlineData("q", 19)]
    [InlineData("n", 19)]
    public void A_value_sharing_a_prime_with_n_is_named_by_the_checked_sum(string factor, int index)
    {
        var p = (BigInteger.One << 89) - 1;
        var q = (BigInteger.One << 107) - 1;
        var key = new PaillierPublicKey(p * q);
        var randomBytes = Seeded(index);
        var ciphertexts = Enumerable.Range(0, 20).Select(i => key.Encrypt(i, randomBytes)).ToArray();
        var shared = factor switch { "p" => p, "q" => q, _ => key.N };
        ciphertexts[index] = ciphertexts[index] * shared % key.NSquared;
        // A second bad value after the first: the first is the one named.
        ciphertexts[^1] = index < ciphertexts.Length - 1 ? ciphertexts[^1] * (factor == "p" ? q : p) % key.NSquared : ciphertexts[^1];

        Assert.False(key.TrySum(ciphertexts, out _, out var firstInvalid));
        Assert.Equal(index, firstInvalid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void A_value_outside_zero_to_n_squared_is_named_by_the_checked_sum(int index)
    {
        var ciphertexts = Enumerable.Range(0, 5).Select(i => Keys.PublicKey.Encrypt(i)).ToArray();
        ciphertexts[index] = index == 0 ? BigInteger.Zero : Keys.PublicKey.NSquared;

        Assert.False(Keys.PublicKey.TrySum(ciphertexts, out _, out var firstInvalid));
        Assert.Equal(index, firstInvalid);
    }
}
