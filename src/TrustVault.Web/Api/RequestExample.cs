using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace TrustVault.Web.Api;

/// <summary>
/// A request body that succeeds, as endpoint metadata: the listing's OpenAPI document shows it
/// (<see cref="FirstPartyOperationTransformer"/>) and the Try it panel prefills it.
/// </summary>
/// <param name="Name">Names the example when an endpoint has several; the first is the one the Try it panel prefills.</param>
/// <param name="Schema">The type the endpoint reads the body into when it reads the body itself; a
/// <see cref="JsonBody{T}"/> parameter describes its own.</param>
internal sealed record RequestExample(string ContentType, JsonNode Body, string? Description = null, Type? Schema = null, string? Name = null)
{
    private static readonly JsonSerializerOptions WithoutNulls = new(FirstPartyRequests.Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>A JSON body of <typeparamref name="T"/>, written as the endpoint reads it (unset fields left out).</summary>
    public static RequestExample Json<T>(T example) => new("application/json", JsonSerializer.SerializeToNode(example, WithoutNulls)!);

    public static RequestExample Csv(string example, string description) => new("text/csv", JsonValue.Create(example), description);
}

/// <summary>A query parameter's value that succeeds, as endpoint metadata: shown in the document, prefilled by the Try it panel.</summary>
internal sealed record QueryExample(string Name, string Value);

/// <summary>
/// The JSON type a query parameter takes, for one its handler binds as a string so that a bad value gets a 400 naming
/// it and its range rather than the binder's message: the document says what to send, not how it is read.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
internal sealed class QueryTypeAttribute(JsonSchemaType type) : Attribute
{
    public JsonSchemaType Type { get; } = type;
}
