using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TrustVault.Web.Api;

/// <summary>One first-party listing: its gateway slug, the title and description of its OpenAPI document, and its routes.</summary>
internal sealed record FirstPartyApi(string Slug, string Title, string Description, IReadOnlyList<FirstPartyRoute> Routes);

/// <summary>
/// One endpoint of a first-party API as its OpenAPI document describes it; the endpoint itself is mapped by its API's
/// <c>Map…Api</c>.
/// </summary>
/// <param name="Path">Relative to the listing, without a leading slash; <c>{name}</c> matches one segment.</param>
internal sealed record FirstPartyRoute(string Method, string Path, string Tag, string Summary)
{
    public string? Description { get; init; }

    public FirstPartyBody? Body { get; init; }

    public IReadOnlyList<FirstPartyParameter> Query { get; init; } = [];

    /// <summary>The type written as the JSON answer; null for answers without a declared type.</summary>
    public Type? Response { get; init; }

    /// <summary>The statuses of a successful answer; <see cref="Response"/> describes the first.</summary>
    public IReadOnlyList<int> Successes { get; init; } = [StatusCodes.Status200OK];

    /// <summary>Problem statuses of the handler itself besides 400 and 413, which follow from the body and query.</summary>
    public IReadOnlyList<int> Problems { get; init; } = [];

    /// <summary>The options the handler reads the body and writes the answer with, so the schemas name what it reads.</summary>
    public JsonSerializerOptions Json { get; init; } = FirstPartyRequests.Json;

    public IEnumerable<string> PathParameters => Path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]);
}

/// <summary>A request body: its media type, the record it is read into (null for bodies read by a parser of their own) and a body that succeeds.</summary>
internal sealed record FirstPartyBody(string ContentType, Type? Type, JsonNode Example, string? Description = null)
{
    private static readonly JsonSerializerOptions WithoutNulls = new(FirstPartyRequests.Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>A JSON body of <typeparamref name="T"/>, its example written as the handler reads it (unset fields left out).</summary>
    public static FirstPartyBody Json<T>(T example, JsonSerializerOptions? options = null) =>
        new("application/json", typeof(T), JsonSerializer.SerializeToNode(example, options is null ? WithoutNulls : new JsonSerializerOptions(options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })!);

    public static FirstPartyBody Csv(string example, string description) => new("text/csv", null, JsonValue.Create(example), description);
}

/// <param name="Type">The JSON Schema type: string, number, integer or boolean.</param>
/// <param name="Example">A value that succeeds, prefilled by the Try it panel; null leaves the field empty.</param>
internal sealed record FirstPartyParameter(string Name, string Type, string Description, bool Required = false, string? Example = null);
