using System.Numerics;
using BenchmarkDotNet.Attributes;
using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Bench;

/// <summary>Paillier at 2048 bits: encrypt, decrypt (CRT), and the encrypted sum of 10,000 values (target under 1 s).</summary>
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

    [Benchmark]
    public BigInteger Encrypt() => keys.PublicKey.Encrypt(123_456);

    [Benchmark]
    public BigInteger DecryptWithCrt() => keys.Decrypt(one);

    [Benchmark]
    public BigInteger SumOf10000() => keys.PublicKey.Sum(ciphertexts);
}
