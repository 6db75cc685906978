using System.Numerics;
using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Tests.Analytics;

public sealed class PaillierRandomizerTests
{
    private static readonly PaillierKeyPair Keys = PaillierKeyPair.Generate(512, Seeded(17));

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

    [Fact]
    public void Crt_randomizers_are_encryptions_of_zero_like_public_ones()
    {
        // rⁿ mod n² is exactly a ciphertext of 0 (g⁰·rⁿ); so must be every value of the CRT route.
        var randomizers = Enumerable.Range(0, 20).Select(_ => Keys.Randomizer()).ToArray();

        Assert.All(randomizers, r => Assert.True(Keys.PublicKey.IsCiphertext(r)));
        Assert.All(randomizers, r => Assert.Equal(BigInteger.Zero, Keys.Decrypt(r)));
        Assert.Equal(BigInteger.Zero, Keys.Decrypt(Keys.PublicKey.Randomizer()));
        Assert.Equal(randomizers.Length, randomizers.Distinct().Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(77)]
    [InlineData(-5_000_000_000)]
    public void The_key_holder_s_encryption_decrypts_and_adds_like_the_public_one(long value)
    {
        var mine = Keys.Encrypt(value);
        var theirs = Keys.PublicKey.Encrypt(1);

        Assert.Equal(new BigInteger(value), Keys.Decrypt(mine));
        Assert.Equal(new BigInteger(value + 1), Keys.Decrypt(Keys.PublicKey.Add(mine, theirs)));
    }

    [Fact]
    public void A_pool_uses_each_randomizer_once_and_keeps_encrypting_when_empty()
    {
        var pool = PaillierRandomizerPool.For(Keys);
        pool.Fill(3);
        var values = new long[] { 5, 5, -8, 1_000, 42 };

        var ciphertexts = values.Select(v => pool.Encrypt(v)).ToArray();

        Assert.Equal(0, pool.Available);
        Assert.NotEqual(ciphertexts[0], ciphertexts[1]);
        Assert.Equal(values.Select(v => new BigInteger(v)), ciphertexts.Select(Keys.Decrypt));
        Assert.Equal(new BigInteger(values.Sum()), Keys.Decrypt(Keys.PublicKey.Sum(ciphertexts)));
    }

    [Fact]
    public void A_public_key_pool_encrypts_for_the_key_holder()
    {
        var pool = PaillierRandomizerPool.For(new PaillierPublicKey(Keys.PublicKey.N), Seeded(18));
        pool.Fill(2);

        Assert.Equal(2, pool.Available);
        Assert.Equal(new BigInteger(-3), Keys.Decrypt(pool.Encrypt(-3)));
        Assert.Equal(1, pool.Available);
    }
}
