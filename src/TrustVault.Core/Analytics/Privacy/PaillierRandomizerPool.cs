using System.Collections.Concurrent;
using System.Numerics;

namespace TrustVault.Core.Analytics.Privacy;

/// <summary>
/// Offline/online Paillier encryption: the randomizers rⁿ mod n² do not depend on the message, so they are
/// computed ahead of time (<see cref="Fill"/>, e.g. on a background task while idle) and an encryption then
/// costs one multiplication mod n². Each randomizer is handed out once; when the pool is empty a fresh one is
/// computed on the spot. Safe to share between threads with the default random source.
/// </summary>
public sealed class PaillierRandomizerPool
{
    private readonly ConcurrentQueue<BigInteger> randomizers = new();
    private readonly PaillierPublicKey publicKey;
    private readonly Func<BigInteger> nextRandomizer;

    private PaillierRandomizerPool(PaillierPublicKey publicKey, Func<BigInteger> nextRandomizer)
    {
        this.publicKey = publicKey;
        this.nextRandomizer = nextRandomizer;
    }

    public int Available => randomizers.Count;

    /// <summary>A pool for someone with the public key only: each randomizer is rⁿ mod n².</summary>
    public static PaillierRandomizerPool For(PaillierPublicKey publicKey, Func<int, byte[]>? randomBytes = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return new PaillierRandomizerPool(publicKey, () => publicKey.Randomizer(randomBytes));
    }

    /// <summary>A pool for the key holder: randomizers come from the faster CRT route (<see cref="PaillierKeyPair.Randomizer"/>).</summary>
    public static PaillierRandomizerPool For(PaillierKeyPair keys, Func<int, byte[]>? randomBytes = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new PaillierRandomizerPool(keys.PublicKey, () => keys.Randomizer(randomBytes));
    }

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
