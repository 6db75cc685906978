using System.Globalization;
using System.Numerics;
using TrustVault.Client;
using ServerKeyPair = TrustVault.Core.Analytics.Privacy.PaillierKeyPair;

namespace TrustVault.Tests.Sdk;

/// <summary>The SDK's own Paillier implementation: a round trip, additivity, and ciphertexts the server's implementation reads.</summary>
public sealed class PaillierTests
{
    private static readonly Lazy<PaillierKeyPair> Keys = new(() => PaillierKeyPair.Generate(1024));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(123_456_789_012)]
    [InlineData(-98_765)]
    public void A_value_encrypted_with_the_sdk_decrypts_to_itself(long value)
    {
        var keys = Keys.Value;

        Assert.Equal(value, keys.Decrypt(keys.Encrypt(value)));
    }

    [Fact]
    public void Generated_keys_have_the_requested_modulus_size_and_encryption_is_randomized()
    {
        var keys = Keys.Value;

        Assert.Equal(1024, keys.PublicKey.N.GetBitLength());
        Assert.NotEqual(keys.Encrypt(5), keys.Encrypt(5));
    }

    [Fact]
    public void Multiplying_ciphertexts_adds_their_plaintexts()
    {
        var key = Keys.Value;

        Assert.Equal(40, key.Decrypt(key.PublicKey.Add(key.Encrypt(50), key.Encrypt(-10))));
    }

    [Fact]
    public void A_ciphertext_of_the_sdk_decrypts_with_the_servers_implementation()
    {
        var server = ServerKeyPair.Generate(1024);
        var sdkKey = PaillierPublicKey.FromDecimalString(server.PublicKey.N.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(new BigInteger(-4_242), server.Decrypt(sdkKey.Encrypt(-4_242)));
    }

    [Fact]
    public void Independently_computed_vectors_decrypt_and_have_the_same_compact_form()
    {
        // p = 2⁶⁴ − 59, q = 2⁶⁴ − 83, r = 123456789: c = (1 + m·n)·rⁿ mod n² and its base64, computed with Python's own
        // integers independently of this SDK (the Python, TypeScript and Go SDKs' tests share these vectors).
        var keys = PaillierKeyPair.FromPrimes(BigInteger.Parse("18446744073709551557", CultureInfo.InvariantCulture), BigInteger.Parse("18446744073709551533", CultureInfo.InvariantCulture));
        var c42 = BigInteger.Parse("34784686208829151519554994446395177593265734596204670709241952588526792202577", CultureInfo.InvariantCulture);
        var cMinus300 = BigInteger.Parse("52919873050390545938759878253598247956505307357326203813391616252709735856730", CultureInfo.InvariantCulture);

        Assert.Equal(42, keys.Decrypt(c42));
        Assert.Equal(-300, keys.Decrypt(cMinus300));
        Assert.Equal("/////////3IAAAAAAAATIQ==", PaillierBase64.Write(keys.PublicKey.N));
        Assert.Equal("TOdvSFrvDKAWztN/0seg/979OOv62xpAOviG5zjT2VE=", PaillierBase64.Write(c42));
        Assert.Equal(c42, PaillierBase64.Read("TOdvSFrvDKAWztN/0seg/979OOv62xpAOviG5zjT2VE="));
        Assert.Equal("UEwYjtjIluM+DIpzDzROZojKU1unKNI/pK0Z+rcHdtI=", PaillierBase64.Write(keys.PublicKey.Add(c42, cMinus300)));
        Assert.Equal(-258, keys.Decrypt(PaillierBase64.Read("UEwYjtjIluM+DIpzDzROZojKU1unKNI/pK0Z+rcHdtI=")));
        Assert.Throws<FormatException>(() => PaillierBase64.Read("not base64!"));
    }

    [Fact]
    public void The_key_pairs_crt_randomizer_is_an_nth_residue()
    {
        var keys = Keys.Value;

        // Decryption gives m back only when c·g⁻ᵐ is an n-th residue, so a round trip checks the randomizer is one.
        Assert.Equal(7, keys.Decrypt(keys.PublicKey.EncryptWith(7, keys.Randomizer())));
        Assert.Equal(-7, keys.Decrypt(keys.PublicKey.Encrypt(-7)));
    }

    [Fact]
    public void A_pool_hands_out_each_randomizer_once_and_computes_more_when_empty()
    {
        var keys = Keys.Value;

        foreach (var pool in new[] { new PaillierRandomizerPool(keys), new PaillierRandomizerPool(keys.PublicKey) })
        {
            pool.Fill(2);
            Assert.Equal(2, pool.Available);

            BigInteger[] ciphertexts = [pool.Encrypt(5), pool.Encrypt(5), pool.Encrypt(5)];

            Assert.Equal(0, pool.Available);
            Assert.Equal(3, ciphertexts.Distinct().Count());
            Assert.Equal(15, keys.Decrypt(ciphertexts.Aggregate(keys.PublicKey.Add)));
        }
    }

    [Fact]
    public void Something_that_is_not_a_ciphertext_of_the_key_is_refused()
    {
        var keys = Keys.Value;

        Assert.Throws<ArgumentException>(() => keys.Decrypt(keys.PublicKey.NSquared));
    }
}
