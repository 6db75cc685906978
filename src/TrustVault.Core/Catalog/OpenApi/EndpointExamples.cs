using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustVault.Core.Catalog.OpenApi;

/// <summary>
/// The example values of an endpoint imported from an OpenAPI document, as a request to send or show: what the Try it
/// panel prefills, the code snippets call with and the Postman collection carries.
/// </summary>
public static class EndpointExamples
{
    public static readonly string[] ContentTypes = ["application/json", "text/csv", "text/plain"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // The keywords a JSON Schema object is made of; an object of only these is a schema, not an example.
    private static readonly HashSet<string> SchemaKeywords =
    [
        "type", "properties", "items", "required", "description", "format", "enum", "example", "examples", "default", "title",
        "additionalProperties", "nullable", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength", "pattern", "$schema",
    ];

    /// <summary>Whether a call to the endpoint carries a body: it documents one, or its method is one that does.</summary>
    public static bool HasBody(ListingEndpoint endpoint) => endpoint.RequestBody is not null || endpoint.Method is "POST" or "PUT" or "PATCH";

    /// <summary>
    /// The endpoint's request example as a body to edit: a JSON example as it is, a text example (e.g. CSV) unquoted,
    /// and a schema turned into a skeleton with placeholder values.
    /// </summary>
    public static (string Body, string ContentType) Body(ListingEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrWhiteSpace(endpoint.RequestBody))
        {
            return ("", ContentTypes[0]);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(endpoint.RequestBody);
        }
        catch (JsonException)
        {
            return (endpoint.RequestBody, GuessTextType(endpoint.RequestBody));
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return (text, GuessTextType(text));
        }

        var body = node is JsonObject schema && IsSchema(schema) ? Skeleton(schema, depth: 0) : node;
        return (body?.ToJsonString(Indented) ?? "null", ContentTypes[0]);
    }

    /// <summary>A parameter example is stored as JSON text: "abc" becomes abc, 12 stays 12.</summary>
    public static string? Value(string? example)
    {
        if (string.IsNullOrWhiteSpace(example))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(example) is JsonValue value && value.TryGetValue<string>(out var text) ? text : example;
        }
        catch (JsonException)
        {
            return example;
        }
    }

    private static string GuessTextType(string text)
    {
        var firstLine = text.AsSpan().TrimStart();
        var end = firstLine.IndexOf('\n');
        return (end < 0 ? firstLine : firstLine[..end]).Contains(',') ? "text/csv" : "text/plain";
    }

    private static bool IsSchema(JsonObject node) =>
        node["type"] is JsonValue && node.All(p => SchemaKeywords.Contains(p.Key));

    private static JsonNode? Skeleton(JsonObject schema, int depth)
    {
        if (schema["example"] is { } example)
        {
            return example.DeepClone();
        }

        if (schema["enum"] is JsonArray { Count: > 0 } choices)
        {
            return choices[0]?.DeepClone();
        }

        var type = schema["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : "object";
        return type switch
        {
            "object" when depth < 5 && schema["properties"] is JsonObject properties =>
                new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, p.Value is JsonObject inner ? Skeleton(inner, depth + 1) : null))),
            "object" => new JsonObject(),
            "array" when depth < 5 && schema["items"] is JsonObject items => new JsonArray(Skeleton(items, depth + 1)),
            "array" => new JsonArray(),
            "integer" or "number" => JsonValue.Create(0),
            "boolean" => JsonValue.Create(false),
            _ => JsonValue.Create("string"),
        };
    }
}
