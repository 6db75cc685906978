using System.Text.Json;
using System.Text.Json.Nodes;
using TrustVault.Core.Catalog;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Components.Shared;

/// <summary>What the Try it panel's fields hold for the chosen endpoint, prefilled from the listing's OpenAPI examples.</summary>
public sealed class TryItForm
{
    public static readonly string[] ContentTypes = ["application/json", "text/csv", "text/plain"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // The keywords a JSON Schema object is made of; an object of only these is a schema, not an example.
    private static readonly HashSet<string> SchemaKeywords =
    [
        "type", "properties", "items", "required", "description", "format", "enum", "example", "examples", "default", "title",
        "additionalProperties", "nullable", "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength", "pattern", "$schema",
    ];

    public TryItForm(ListingEndpoint endpoint)
    {
        Endpoint = endpoint;
        foreach (var parameter in endpoint.Parameters.Where(p => p.In is "path" or "query"))
        {
            Values[parameter.Name] = Unquote(parameter.Example) ?? "";
        }

        (Body, ContentType) = ExampleBody(endpoint);
    }

    public ListingEndpoint Endpoint { get; }

    /// <summary>Path and query parameter values by name.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public string Body { get; set; }

    public string ContentType { get; set; }

    public bool HasBody => Endpoint.RequestBody is not null || Endpoint.Method is "POST" or "PUT" or "PATCH";

    public IEnumerable<EndpointParameter> Parameters => Endpoint.Parameters.Where(p => p.In is "path" or "query");

    public TryItRequest ToRequest(string slug, string apiKey) => new(
        slug,
        Endpoint.Method,
        Endpoint.Path,
        apiKey,
        Parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p => Values.GetValueOrDefault(p.Name) ?? ""),
        Parameters.Where(p => p.In == "query").ToDictionary(p => p.Name, p => Values.GetValueOrDefault(p.Name) ?? ""),
        HasBody ? Body : null,
        HasBody ? ContentType : null);

    /// <summary>
    /// The endpoint's request example as a body to edit: a JSON example as it is, a text example (e.g. CSV) unquoted,
    /// and a schema turned into a skeleton with placeholder values.
    /// </summary>
    public static (string Body, string ContentType) ExampleBody(ListingEndpoint endpoint)
    {
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

    /// <summary>A parameter example is stored as JSON text: "abc" becomes abc, 12 stays 12.</summary>
    private static string? Unquote(string? example)
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
}
