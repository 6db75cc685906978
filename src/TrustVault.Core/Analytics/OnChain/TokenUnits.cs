using System.Globalization;
using System.Numerics;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// Conversions between a token's base units (what logs carry) and the units people use: 1 unit is
/// 10^decimals base units (EIP-20's optional <c>decimals()</c>; 18 for most tokens and ether, 6 for USDC).
/// Exact: uint256 values outgrow both double and decimal, so everything stays BigInteger.
/// </summary>
public static class TokenUnits
{
    public const int DefaultDecimals = 18;

    /// <summary>A uint256 has at most 78 decimal digits, so no real token has more decimals.</summary>
    public const int MaxDecimals = 77;

    /// <summary>The exact decimal text of <paramref name="baseUnits"/>, without trailing fractional zeros: 1500000 at 6 decimals is "1.5".</summary>
    public static string Format(BigInteger baseUnits, int decimals)
    {
        CheckDecimals(decimals);
        var magnitude = BigInteger.Abs(baseUnits);
        var whole = BigInteger.DivRem(magnitude, BigInteger.Pow(10, decimals), out var fraction);
        var text = whole.ToString(CultureInfo.InvariantCulture);
        if (!fraction.IsZero)
        {
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        }

        return baseUnits.Sign < 0 ? "-" + text : text;
    }

    /// <summary>
    /// The smallest whole number of base units that is at least <paramref name="units"/> (a threshold of 0.0000005
    /// at 6 decimals is 1 base unit), so "at least the threshold" compares exactly in base units.
    /// </summary>
    public static BigInteger CeilingToBaseUnits(decimal units, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        CheckDecimals(decimals);
        // decimal is sign · mantissa / 10^scale with a 96-bit mantissa (ECMA-335 System.Decimal).
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(units, bits);
        var mantissa = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scaled = mantissa * BigInteger.Pow(10, decimals);
        var divisor = BigInteger.Pow(10, units.Scale);
        var quotient = BigInteger.DivRem(scaled, divisor, out var remainder);
        return remainder.IsZero ? quotient : quotient + 1;
    }

    internal static void CheckDecimals(int decimals, string name = "decimals")
    {
        if (decimals is < 0 or > MaxDecimals)
        {
            throw new ArgumentOutOfRangeException(name, decimals, $"Token decimals must be 0 to {MaxDecimals} (18 for most tokens, 6 for USDC).");
        }
    }
}
