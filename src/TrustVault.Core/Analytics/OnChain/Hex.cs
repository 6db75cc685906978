using System.Buffers;
using System.Globalization;
using System.Numerics;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>The two hex encodings of the Ethereum JSON-RPC API: DATA (0x + two digits per byte) and QUANTITY (0x + a number).</summary>
internal static class Hex
{
    public const int WordChars = 64;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static bool IsData(string value, int byteCount) =>
        value.Length == 2 + (2 * byteCount) && IsData(value);

    public static bool IsData(string value) =>
        value.Length % 2 == 0 && value.StartsWith("0x", StringComparison.Ordinal) && !value.AsSpan(2).ContainsAnyExcept(HexDigits);

    /// <summary>A QUANTITY that fits 64 bits (block numbers, log indexes, timestamps).</summary>
    public static bool TryParseQuantity(string value, out ulong quantity)
    {
        quantity = 0;
        return value.Length is > 2 and <= 18
            && value.StartsWith("0x", StringComparison.Ordinal)
            && ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out quantity);
    }

    public static string Quantity(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>The unsigned 256-bit ABI word at <paramref name="index"/> of DATA (ABI specification: uint256 is a big-endian 32-byte word).</summary>
    public static BigInteger Word(string data, int index)
    {
        Span<byte> bytes = stackalloc byte[32];
        Convert.FromHexString(data.AsSpan(2 + (index * WordChars), WordChars), bytes, out _, out _);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
