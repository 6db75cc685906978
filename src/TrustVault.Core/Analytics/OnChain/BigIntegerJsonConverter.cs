using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustVault.Core.Analytics.OnChain;

/// <summary>
/// Writes token amounts as JSON strings of decimal digits: a uint256 exceeds the 2^53 that JavaScript numbers hold
/// exactly (RFC 8259 §6 warns about such numbers), and System.Text.Json has no BigInteger support of its own.
/// </summary>
public sealed class BigIntegerJsonConverter : JsonConverter<BigInteger>
{
    public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && BigInteger.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException("Expected an integer amount as a string of decimal digits.");

    public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
