using System.Numerics;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TrustVault.Web.Api;

/// <summary>
/// Schemas as the first-party APIs read and write JSON (<see cref="FirstPartyRequests.Json"/>), where the app-wide options
/// the generator uses differ: numbers only as JSON numbers (never "12"), big integers as decimal strings, enums by their
/// camelCase names. Nothing is
/// marked required: the endpoints read a missing field as null and answer 400 naming the one they need.
/// </summary>
internal sealed class FirstPartySchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        schema.Required = null;
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(BigInteger))
        {
            schema.Type = JsonSchemaType.String | (schema.Type & JsonSchemaType.Null);
            schema.Pattern = "^-?[0-9]+$";
            schema.Description = "An integer too big for JSON numbers, in decimal digits.";
            schema.Properties = null;
            schema.Required = null;
        }
        else if (type.IsEnum && schema.Enum is { } values)
        {
            schema.Enum = [.. Enum.GetValues(type).Cast<object>().Select(value => JsonSerializer.SerializeToNode(value, type, FirstPartyRequests.Json)!), .. values.Where(v => v is null)];
        }
        else if (schema.Type is { } kind && (kind & (JsonSchemaType.Number | JsonSchemaType.Integer)) != 0 && kind.HasFlag(JsonSchemaType.String))
        {
            schema.Type = kind & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }
}
