using Org.BouncyCastle.Crypto.Prng;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// The random-byte source the Paillier API takes (a seeded one makes tests repeatable) as BouncyCastle's generator,
/// so its <see cref="Org.BouncyCastle.Security.SecureRandom"/> draws from that source and nothing else.
/// </summary>
internal sealed class RandomBytesGenerator(Func<int, byte[]> randomBytes) : IRandomGenerator
{
    public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());

    public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes) => randomBytes(bytes.Length).CopyTo(bytes);

    // A source given from outside has its own seed; quietly mixing in another would make a seeded run unrepeatable.
    public void AddSeedMaterial(byte[] seed) => throw new NotSupportedException("The random-byte source is seeded by whoever supplies it.");

    public void AddSeedMaterial(ReadOnlySpan<byte> seed) => throw new NotSupportedException("The random-byte source is seeded by whoever supplies it.");

    public void AddSeedMaterial(long seed) => throw new NotSupportedException("The random-byte source is seeded by whoever supplies it.");
}
