using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustVault.Core.Catalog.OpenApi;

/// <summary>
/// A Postman collection (format v2.1) of a listing's OpenAPI document: a folder per tag, a request per operation with the
/// document's examples, calling <c>{{baseUrl}}</c> (the listing's gateway address) with the key from the <c>apiKey</c>
/// variable in the header the gateway reads. The variable is left empty: a key is a secret the collection never holds.
/// </summary>
public static class PostmanCollection
{
    public const string SchemaUrl = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="stored">The listing's stored document (JSON or YAML).</param>
    /// <param name="slug">The listing's slug, the collection's name when the document has no title.</param>
    /// <param name="gatewayUrl">The listing's address at the gateway, e.g. https://trustvault.example.com/gw/skycast-weather.</param>
    public static string From(string stored, string slug, string gatewayUrl)
    {
        var import = OpenApiImporter.Import(stored);
        if (!import.Succeeded)
        {
            throw new InvalidOperationException("A stored document no longer reads as OpenAPI.");
        }

        var folders = import.Endpoints
            .GroupBy(e => e.Tag)
            .Select(tag => new JsonObject
            {
                ["name"] = tag.Key,
                ["item"] = new JsonArray([.. tag.Select(Request)]),
            });
        var collection = new JsonObject
        {
            ["info"] = new JsonObject
            {
                ["name"] = import.Title ?? slug,
                ["description"] = $"Version {import.Version} through TrustVault's gateway. Set the apiKey variable to one of your keys.",
                ["schema"] = SchemaUrl,
            },
            ["item"] = new JsonArray([.. folders]),
            ["auth"] = new JsonObject
            {
                ["type"] = "apikey",
                ["apikey"] = new JsonArray(Pair("key", GatewayHeaders.ApiKey), Pair("value", "{{apiKey}}"), Pair("in", "header")),
            },
            ["variable"] = new JsonArray(Pair("baseUrl", gatewayUrl.TrimEnd('/')), Pair("apiKey", "")),
        };
        return collection.ToJsonString(Indented);
    }

    private static JsonObject Request(ListingEndpoint endpoint)
    {
        var path = endpoint.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => segment is ['{', .. var name, '}'] ? $":{name}" : segment)
            .ToList();
        var query = endpoint.Parameters.Where(p => p.In == "query").ToList();
        // An optional parameter without an example is listed switched off, and so left out of the raw address as Postman does.
        var sent = query.Where(p => !Disabled(p)).ToList();
        var url = new JsonObject
        {
            ["raw"] = "{{baseUrl}}/" + string.Join('/', path)
                + (sent.Count == 0 ? "" : "?" + string.Join('&', sent.Select(p => $"{p.Name}={EndpointExamples.Value(p.Example)}"))),
            ["host"] = new JsonArray("{{baseUrl}}"),
            ["path"] = new JsonArray([.. path.Select(s => (JsonNode)s)]),
        };
        if (query.Count > 0)
        {
            url["query"] = new JsonArray([.. query.Select(p => Parameter(p, Disabled(p)))]);
        }

        if (endpoint.Parameters.Where(p => p.In == "path").ToList() is { Count: > 0 } variables)
        {
            url["variable"] = new JsonArray([.. variables.Select(p => Parameter(p, disabled: false))]);
        }

        var request = new JsonObject
        {
            ["method"] = endpoint.Method,
            ["header"] = new JsonArray([.. endpoint.Parameters.Where(p => p.In == "header" && GatewayHeaders.IsFilledIn(p.Name)).Select(p => Parameter(p, disabled: false))]),
            ["url"] = url,
        };
        if (EndpointExamples.HasBody(endpoint))
        {
            var (body, contentType) = EndpointExamples.Body(endpoint);
            request["body"] = new JsonObject
            {
                ["mode"] = "raw",
                ["raw"] = body,
                ["options"] = new JsonObject { ["raw"] = new JsonObject { ["language"] = contentType.Contains("json", StringComparison.Ordinal) ? "json" : "text" } },
            };
            ((JsonArray)request["header"]!).Add(new JsonObject { ["key"] = "Content-Type", ["value"] = contentType });
        }

        if ((endpoint.Description ?? endpoint.Summary) is { Length: > 0 } description)
        {
            request["description"] = description;
        }

        return new JsonObject
        {
            ["name"] = endpoint.Summary is { Length: > 0 } summary ? summary : $"{endpoint.Method} {endpoint.Path}",
            ["request"] = request,
        };
    }

    private static bool Disabled(EndpointParameter parameter) => !parameter.Required && parameter.Example is null;

    private static JsonObject Parameter(EndpointParameter parameter, bool disabled)
    {
        var item = new JsonObject { ["key"] = parameter.Name, ["value"] = EndpointExamples.Value(parameter.Example) ?? "" };
        if (parameter.Description is { Length: > 0 } description)
        {
            item["description"] = description;
        }

        if (disabled)
        {
            item["disabled"] = true;
        }

        return item;
    }

    private static JsonObject Pair(string key, string value) => new() { ["key"] = key, ["value"] = value, ["type"] = "string" };
}
