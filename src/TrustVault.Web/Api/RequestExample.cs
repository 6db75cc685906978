using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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
    public static RequestExample Json<T>(T example, JsonSerializerOptions? options = null) =>
        new("application/json", JsonSerializer.SerializeToNode(example, options is null ? WithoutNulls : new JsonSerializerOptions(options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })!);

    public static RequestExample Csv(string example, string description) => new("text/csv", JsonValue.Create(example), description);
}

/// <summary>A query parameter's value that succeeds, as endpoint metadata: shown in the document, prefilled by the Try it panel.</summary>
internal sealed record QueryExample(string Name, string Value);
