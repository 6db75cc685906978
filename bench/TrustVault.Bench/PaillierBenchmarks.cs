using System.Numerics;
using BenchmarkDotNet.Attributes;
using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Bench;

/// <summary>
/// Paillier at 2048 bits: encryption by the public-key route (rⁿ mod n², the baseline), the key holder's CRT
/// route; decryption (CRT); and the encrypted sum of 10,000 values (target under 1 s).
/// </summary>
/// <remarks>Key generation has its own class, <see cref="PaillierKeyGenerationBenchmarks"/>: it takes seconds, not milliseconds.</remarks>
[MemoryDiagnoser]
public class PaillierBenchmarks
{
    private PaillierKeyPair keys = null!;
    private BigInteger[] ciphertexts = [];
    private BigInteger one;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        keys = PaillierKeyPair.Generate(2048, count =>
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        });
        // One real encryption; the others are derived as c·(1 + i·n), ciphertexts of m + i (encrypting
        // 10,000 values one by one would make the set-up the slowest part of the run).
        var first = keys.PublicKey.Encrypt(0);
        var n = keys.PublicKey.N;
        ciphertexts = Enumerable.Range(0, 10_000).Select(i => first * (1 + (i * n)) % keys.PublicKey.NSquared).ToArray();
        one = ciphertexts[1];
    }

    [Benchmark(Baseline = true)]
    public BigInteger Encrypt() => keys.PublicKey.Encrypt(123_456);

    [Benchmark]
    public BigInteger EncryptWithPrivateKeyCrt() => keys.Encrypt(123_456);

    [Benchmark]
    public BigInteger DecryptWithCrt() => keys.Decrypt(one);

    [Benchmark]
    public BigInteger SumOf10000() => keys.PublicKey.Sum(ciphertexts);

    /// <summary>The sum as it was computed before Montgomery multiplication: BigInteger's multiply, then remainder.</summary>
    [Benchmark]
    public BigInteger SumOf10000WithBigIntegerRemainder() => ciphertexts.Aggregate(BigInteger.One, keys.PublicKey.Add);
}

/// <summary>
/// A 2048-bit key pair from the operating system's random source: two 1024-bit probable primes, so the time varies
/// with how many candidates each draw tests; the mean over many runs is what compares.
/// </summary>
[MemoryDiagnoser]
public class PaillierKeyGenerationBenchmarks
{
    [Benchmark]
    public PaillierKeyPair Generate2048() => PaillierKeyPair.Generate(2048);
}

/// <summary>
/// The online step of offline/online encryption: each iteration's set-up fills the pool (unmeasured) and the
/// measured call encrypts that many values, so every encryption takes a precomputed randomizer.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class PaillierPoolBenchmarks
{
    private const int PoolSize = 64;

    private PaillierRandomizerPool pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var keys = PaillierKeyPair.Generate(2048, count =>
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        });
        pool = PaillierRandomizerPool.For(keys);
    }

    [IterationSetup]
    public void FillPool() => pool.Fill(PoolSize - pool.Available);

    [Benchmark(OperationsPerInvoke = PoolSize)]
    public BigInteger EncryptFromPool()
    {
        var last = BigInteger.Zero;
        for (var i = 0; i < PoolSize; i++)
        {
            last = pool.Encrypt(123_456 + i);
        }

        return last;
    }
}
