using System.Globalization;
using System.Numerics;
using TrustVault.Core.Analytics.Privacy;

namespace TrustVault.Tests.Analytics;

public sealed class MontgomeryModulusTests
{
    /// <summary>
    /// Odd moduli at the word boundaries where carries and the final subtraction go wrong first: one word, one bit over a
    /// word, all ones (every carry ripples), just above a power of two (the top word nearly empty), and the sizes of n²
    /// for 512-, 1024- and 2048-bit Paillier keys.
    /// </summary>
    public static TheoryData<string> Moduli => new()
    {
        "3",
        "18446744073709551557",
        Hex((BigInteger.One << 64) + 13),
        Hex((BigInteger.One << 128) - 1),
        Hex((BigInteger.One << 255) + 1),
        Hex(RandomOdd(1024, seed: 1)),
        Hex(RandomOdd(2048, seed: 2)),
        Hex(RandomOdd(4096, seed: 3)),
        Hex((BigInteger.One << 4096) - 1),
    };

    [Theory]
    [MemberData(nameof(Moduli))]
    public void The_product_of_random_values_is_the_product_mod_m(string modulusText)
    {
        var m = Parse(modulusText);
        var random = new Random(modulusText.Length);
        var values = Enumerable.Range(0, 50).Select(_ => Below(m, random)).ToArray();

        Assert.Equal(values.Aggregate(BigInteger.One, (product, v) => product * v % m), new MontgomeryModulus(m).Product(values));
    }

    [Theory]
    [MemberData(nameof(Moduli))]
    public void A_value_multiplied_by_itself_e_times_is_its_power(string modulusText)
    {
        var m = Parse(modulusText);
        var montgomery = new MontgomeryModulus(m);
        // 0, 1, m − 1 (= −1), m − 2, and all ones below m's top word: the extremes of every carry.
        var belowTopWord = (BigInteger.One << (64 * (int)((m.GetBitLength() - 1) / 64))) - 1;
        BigInteger[] edges = [0, 1, 2, m - 1, m - 2, m / 2, belowTopWord, Below(m, new Random(5))];
        foreach (var value in edges.Where(v => v >= 0 && v < m))
        {
            foreach (var exponent in new[] { 1, 2, 3, 17, 64 })
            {
                Assert.Equal(BigInteger.ModPow(value, exponent, m), montgomery.Product(Enumerable.Repeat(value, exponent).ToArray()));
            }
        }
    }

    [Fact]
    public void The_product_of_no_values_is_one()
    {
        Assert.Equal(BigInteger.One, new MontgomeryModulus(RandomOdd(512, seed: 4)).Product([]));
    }

    [Fact]
    public void An_even_modulus_and_a_factor_outside_the_residues_are_refused()
    {
        var m = RandomOdd(512, seed: 6);

        Assert.Throws<ArgumentOutOfRangeException>(() => new MontgomeryModulus(m + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MontgomeryModulus(BigInteger.One));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MontgomeryModulus(m).Product([2, m]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MontgomeryModulus(m).Product([-1, 2]));
    }

    private static BigInteger RandomOdd(int bits, int seed)
    {
        var bytes = new byte[bits / 8];
        new Random(seed).NextBytes(bytes);
        bytes[^1] |= 0x80;
        bytes[0] |= 1;
        return new BigInteger(bytes, isUnsigned: true);
    }

    private static BigInteger Below(BigInteger m, Random random)
    {
        var bytes = new byte[m.GetByteCount(isUnsigned: true) + 8];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % m;
    }

    private static string Hex(BigInteger value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    private static BigInteger Parse(string text) => text.StartsWith("0x", StringComparison.Ordinal)
        ? BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
        : BigInteger.Parse(text, CultureInfo.InvariantCulture);
}
