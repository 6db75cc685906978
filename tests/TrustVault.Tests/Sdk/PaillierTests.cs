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
        var sdkKey = PaillierPublicKey.FromDecimalString(server.PublicKey.N.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new BigInteger(-4_242), server.Decrypt(sdkKey.Encrypt(-4_242)));
    }

    [Fact]
    public void Something_that_is_not_a_ciphertext_of_the_key_is_refused()
    {
        var keys = Keys.Value;

        Assert.Throws<ArgumentException>(() => keys.Decrypt(keys.PublicKey.NSquared));
    }
}
