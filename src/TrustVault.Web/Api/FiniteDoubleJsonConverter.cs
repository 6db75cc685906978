using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrustVault.Web.Api;

/// <summary>
/// Reads a double only from a JSON number that is finite as a double: 1e400 parses to infinity, which no engine can
/// compute with. Writes as System.Text.Json does, so a non-finite result still fails to serialize.
/// </summary>
internal sealed class FiniteDoubleJsonConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw new JsonException("Send a finite JSON number.");

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
