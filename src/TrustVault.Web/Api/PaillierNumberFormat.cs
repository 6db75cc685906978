using System.Globalization;
using System.Numerics;

namespace TrustVault.Web.Api;

/// <summary>
/// How the Paillier endpoints read and write the big numbers of a request: base64 of the big-endian unsigned bytes (the
/// compact form: about 55% of the decimal size, read in linear time), or decimal digits and 0x-hex, the first form.
/// </summary>
internal abstract class PaillierNumberFormat
{
    /// <summary>Bytes of the largest number accepted: n² of a 4096-bit modulus.</summary>
    private const int MaxBytes = PrivacyApi.MaxModulusBits * 2 / 8;

    /// <summary>Decimal digits of the largest number accepted, which bounds the work of parsing one.</summary>
    private const int MaxDigits = 2_500;

    public static PaillierNumberFormat Base64 { get; } = new Base64Format();

    /// <summary>Reads decimal or 0x-hex; writes the answer as the key is written, so a client reads back what it sent.</summary>
    public static PaillierNumberFormat DecimalOrHex(string? key) =>
        key is not null && key.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? HexAnswer : DecimalAnswer;

    private static readonly PaillierNumberFormat DecimalAnswer = new DecimalOrHexFormat(hex: false);
    private static readonly PaillierNumberFormat HexAnswer = new DecimalOrHexFormat(hex: true);

    /// <summary>What a number must look like, for the problem details.</summary>
    public abstract string Describes { get; }

    /// <summary>A non-negative integer; false for text that is not one in this format.</summary>
    public abstract bool TryParse(string? text, out BigInteger value);

    public abstract string Write(BigInteger value);

    private sealed class Base64Format : PaillierNumberFormat
    {
        public override string Describes => "base64 of the big-endian unsigned bytes";

        public override bool TryParse(string? text, out BigInteger value)
        {
            value = default;
            Span<byte> bytes = stackalloc byte[MaxBytes];
            if (string.IsNullOrEmpty(text) || !Convert.TryFromBase64String(text, bytes, out var length))
            {
                return false;
            }

            value = new BigInteger(bytes[..length], isUnsigned: true, isBigEndian: true);
            return true;
        }

        public override string Write(BigInteger value) => Convert.ToBase64String(value.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    private sealed class DecimalOrHexFormat(bool hex) : PaillierNumberFormat
    {
        public override string Describes => "a decimal or 0x-hex integer";

        public override bool TryParse(string? text, out BigInteger value)
        {
            value = default;
            if (string.IsNullOrEmpty(text) || text.Length > MaxDigits + 2)
            {
                return false;
            }

            // A leading 0 keeps the hex parser from reading a high first digit as a sign bit.
            return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? text.Length > 2 && BigInteger.TryParse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                : BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        public override string Write(BigInteger value) =>
            hex ? "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0') : value.ToString(CultureInfo.InvariantCulture);
    }
}
