using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.YamlReader;
using SharpYaml;
using SharpYaml.Serialization;

namespace TrustVault.Core.Catalog.OpenApi;

/// <summary>
/// Checks of the document as the provider wrote it, each error at a JSON pointer into their own text: what Microsoft.OpenApi
/// reports with its internals (nesting, $refs outside #/components), accepts and then fails on (control characters, $ref
/// loops) or accepts silently ($refs to other files, to nothing).
/// </summary>
internal static class OpenApiSource
{
    /// <summary>The nesting Microsoft.OpenApi's JSON and YAML readers both allow.</summary>
    public const int MaxDepth = 64;

    private const string Components = "#/components/";

    public static IReadOnlyList<OpenApiImportError> Check(string text)
    {
        var (root, tooDeep) = Parse(text);
        if (tooDeep is not null)
        {
            return [tooDeep];
        }

        // Text neither parser reads: the reader reports its syntax error with the line.
        if (root is null)
        {
            return [];
        }

        if (root is not JsonObject)
        {
            return [new("document", "This is not an OpenAPI document: an OpenAPI 3.x document is a mapping that starts with its version, e.g. openapi: 3.0.3.")];
        }

        // A Swagger 2.0 document refers to #/definitions: its $refs, each reported, would hide what is wrong.
        if (root["swagger"] is not null && root["openapi"] is null)
        {
            return [OpenApiImporter.Swagger2];
        }

        // Counted before the reader, which takes seconds to read tens of thousands of operations only for them to be refused.
        if (Operations(root) is > OpenApiImporter.MaxOperations and var operations)
        {
            return [OpenApiImporter.TooManyOperations(operations)];
        }

        var controls = ControlCharacters(root, "#").ToList();
        return controls.Count > 0 ? controls : References(root).ToList();
    }

    private static (JsonNode? Root, OpenApiImportError? TooDeep) Parse(string text)
    {
        if (OpenApiImporter.Format(text) == "json")
        {
            try
            {
                return (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth }), null);
            }
            catch (JsonException)
            {
                return (null, DeepestJson(text));
            }
        }

        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            return (yaml.Documents.Count > 0 ? yaml.Documents[0].ToJsonNode() : null, null);
        }
        catch (Exception e) when (e is YamlException or OpenApiException or JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static int Operations(JsonNode root) =>
        root["paths"] is JsonObject paths ? paths.Sum(path => path.Value is JsonObject item ? item.Count(member => Methods.Contains(member.Key)) : 0) : 0;

    /// <summary>
    /// The YAML document with its merge keys ("&lt;&lt;: *defaults", from YAML 1.1 and common in hand-written documents) applied, as
    /// JSON; null when it has none or does not parse. Microsoft.OpenApi's YAML reader keeps "&lt;&lt;" as a member, which no
    /// OpenAPI object has, so each merge was an error.
    /// </summary>
    public static string? WithMergeKeysApplied(string yaml)
    {
        JsonNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count > 0 ? stream.Documents[0].ToJsonNode() : null;
        }
        catch (Exception e) when (e is YamlException or OpenApiException or JsonException or InvalidOperationException)
        {
            return null;
        }

        return root is not null && Merge(root) ? root.ToJsonString() : null;
    }

    /// <summary>Applies the merge keys under the node, the merged mappings' own first; a member already there wins.</summary>
    private static bool Merge(JsonNode? node)
    {
        var merged = false;
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                merged |= Merge(item);
            }
        }
        else if (node is JsonObject obj)
        {
            foreach (var child in obj.Select(member => member.Value).ToList())
            {
                merged |= Merge(child);
            }

            if (obj["<<"] is { } sources)
            {
                obj.Remove("<<");
                // In a list of mappings, an earlier one wins over a later one (YAML's merge key type).
                foreach (var source in (sources as JsonArray ?? [sources.DeepClone()]).OfType<JsonObject>())
                {
                    foreach (var (name, value) in source)
                    {
                        if (!obj.ContainsKey(name))
                        {
                            obj[name] = value?.DeepClone();
                        }
                    }
                }

                merged = true;
            }
        }

        return merged;
    }

    /// <summary>
    /// Where JSON nests deeper than the readers allow. The parser's own error names only a line, which in a document
    /// written on one line says nothing: read again without the limit, the first node too deep is found by its pointer.
    /// </summary>
    private static OpenApiImportError? DeepestJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = OpenApiImporter.MaxDocumentBytes });
            return TooDeep(document.RootElement, "#", 1);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static OpenApiImportError? TooDeep(JsonElement element, string location, int depth)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return null;
        }

        if (depth > MaxDepth)
        {
            return new(location, $"The document nests objects and arrays more than {MaxDepth} levels deep here. Move nested schemas into #/components/schemas and refer to them with $ref.");
        }

        var children = element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Select(p => (Location: $"{location}/{Escape(p.Name)}", p.Value))
            : element.EnumerateArray().Select((item, i) => (Location: $"{location}/{i}", Value: item));
        return children.Select(c => TooDeep(c.Value, c.Location, depth + 1)).FirstOrDefault(e => e is not null);
    }

    /// <summary>
    /// Each name or text holding a control character other than tab and line breaks: Microsoft.OpenApi writes them unescaped,
    /// which no JSON reader reads back, and no person means them.
    /// </summary>
    private static IEnumerable<OpenApiImportError> ControlCharacters(JsonNode? node, string location)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var at = $"{location}/{Escape(name)}";
                    if (ControlCharacter(name) is { } inName)
                    {
                        yield return ControlError(at, "name", inName);
                    }

                    foreach (var error in ControlCharacters(child, at))
                    {
                        yield return error;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var error in ControlCharacters(array[i], $"{location}/{i}"))
                    {
                        yield return error;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && ControlCharacter(text) is { } inText:
                yield return ControlError(location, "text", inText);
                break;
        }
    }

    private static char? ControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return c;
            }
        }

        return null;
    }

    private static OpenApiImportError ControlError(string location, string what, char character) =>
        new(location, $"The {what} here contains the control character U+{(int)character:X4}. Remove it: only tabs and line breaks may appear in text.");

    /// <summary>Each "$ref" TrustVault cannot follow: to another file or address, outside #/components, to nothing, or round in a loop.</summary>
    private static IEnumerable<OpenApiImportError> References(JsonNode root)
    {
        foreach (var (location, target) in Refs(root, "#"))
        {
            if (!target.StartsWith('#'))
            {
                yield return new(location, $"The $ref '{target}' points to another file or address; TrustVault reads only this document. Copy the definition into #/components and refer to it as '{Components}…'.");
            }
            else if (!target.StartsWith(Components, StringComparison.Ordinal))
            {
                yield return new(location, $"The $ref '{target}' must point into #/components, e.g. '{Components}schemas/Name': move the definition there and refer to it.");
            }
            else if (Resolve(root, target) is not { } resolved)
            {
                yield return new(location, $"The $ref '{target}' names nothing in this document.");
            }
            else if (Loop(root, target, resolved) is { } loop)
            {
                yield return new(location, $"The $ref '{target}' never reaches a definition: {string.Join(" → ", loop)} refer to one another in a loop. Give one of them a definition of its own.");
            }
        }
    }

    /// <summary>The targets of a chain of references that comes back to one it passed, or null when it ends in a definition.</summary>
    private static List<string>? Loop(JsonNode root, string target, JsonNode resolved)
    {
        var chain = new List<string> { target };
        for (var node = resolved; node is JsonObject obj && obj["$ref"] is JsonValue next && next.TryGetValue<string>(out var nextTarget);)
        {
            if (chain.Contains(nextTarget, StringComparer.Ordinal))
            {
                chain.Add(nextTarget);
                return chain;
            }

            chain.Add(nextTarget);
            node = nextTarget.StartsWith(Components, StringComparison.Ordinal) ? Resolve(root, nextTarget) : null;
        }

        return null;
    }

    private static IEnumerable<(string Location, string Target)> Refs(JsonNode? node, string location, string? name = null)
    {
        if (node is JsonObject obj)
        {
            if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target))
            {
                yield return (location, target);
            }

            foreach (var (childName, child) in obj.Where(c => name is "properties" || !IsData(c.Key)))
            {
                foreach (var found in Refs(child, $"{location}/{Escape(childName)}", childName))
                {
                    yield return found;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var found in Refs(array[i], $"{location}/{i}"))
                {
                    yield return found;
                }
            }
        }
    }

    /// <summary>Members whose values are the provider's data, not OpenAPI objects: a "$ref" in an example is no reference.</summary>
    private static bool IsData(string name) => name is "example" or "value" or "default" or "enum" or "const" || name.StartsWith("x-", StringComparison.Ordinal);

    /// <summary>The node a local reference ("#/components/schemas/Pet", a JSON pointer in a URI fragment) names, if any.</summary>
    private static JsonNode? Resolve(JsonNode root, string target)
    {
        JsonNode? node = root;
        foreach (var segment in Uri.UnescapeDataString(target[2..]).Split('/'))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(name, out var child) => child,
                JsonArray array when int.TryParse(name, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>A name as one segment of a JSON pointer (RFC 6901).</summary>
    internal static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
