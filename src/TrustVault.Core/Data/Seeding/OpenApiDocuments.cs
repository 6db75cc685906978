using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrustVault.Core.Data.Seeding;

/// <summary>Writes the OpenAPI 3.0 document of a demo API, so the seed imports it through the same reader providers use.</summary>
internal static class OpenApiDocuments
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string For(DemoCatalog.Api api)
    {
        var paths = new JsonObject();
        foreach (var group in api.Operations.GroupBy(o => o.Path))
        {
            var item = new JsonObject();
            foreach (var operation in group)
            {
                var parameters = new JsonArray();
                foreach (var name in PathParameters(operation.Path))
                {
                    parameters.Add(Parameter(name, "path", required: true));
                }

                foreach (var name in operation.QueryParameters)
                {
                    parameters.Add(Parameter(name, "query", required: name is "lat" or "lon" or "address" or "email" or "symbol" or "dataset"));
                }

                var body = new JsonObject
                {
                    ["tags"] = new JsonArray(operation.Tag),
                    ["summary"] = operation.Summary,
                    ["operationId"] = OperationId(operation),
                    ["parameters"] = parameters,
                    ["responses"] = new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "OK",
                            ["content"] = new JsonObject
                            {
                                ["application/json"] = new JsonObject { ["example"] = new JsonObject { ["status"] = "ok", ["requestId"] = "req_01HZX3" } },
                            },
                        },
                        ["401"] = new JsonObject { ["description"] = "Missing or invalid API key" },
                        ["429"] = new JsonObject { ["description"] = "Rate limit or quota exceeded" },
                    },
                };
                if (operation.Method == "POST")
                {
                    var (mediaType, schema, example) = RequestExample(api.Slug, operation.Path);
                    body["requestBody"] = new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = new JsonObject
                        {
                            [mediaType] = new JsonObject { ["schema"] = schema, ["example"] = example },
                        },
                    };
                }

                item[operation.Method.ToLowerInvariant()] = body;
            }

            paths[group.Key] = item;
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = api.Name, ["version"] = "1.0.0", ["description"] = api.Summary },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = api.Upstream ?? $"/gw/{api.Slug}" }),
            ["paths"] = paths,
        };
        return document.ToJsonString(Indented);
    }

    /// <summary>Request examples the listing page's Try it panel can send as they are; a placeholder for the rest.</summary>
    private static (string MediaType, JsonObject Schema, JsonNode Example) RequestExample(string slug, string path) => (slug, path) switch
    {
        ("ai-analytics", "/v1/forecast") => ("application/json", new JsonObject { ["type"] = "object" }, new JsonObject
        {
            // Two years of monthly airline passengers (Box & Jenkins), enough for a yearly season.
            ["series"] = new JsonArray(112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140),
            ["horizon"] = 6,
            ["seasonLength"] = 12,
        }),
        ("ai-analytics", "/v1/profile") => ("text/csv", new JsonObject { ["type"] = "string" }, JsonValue.Create("""
            month,visits,signups,revenue,channel
            2025-01,1200,85,4310.50,search
            2025-02,1340,91,4620.00,search
            2025-03,1290,,4480.25,social
            2025-04,1510,104,5105.75,search
            2025-05,1475,99,5010.00,email
            2025-06,1620,118,5590.40,social

            """)),
        _ => ("application/json", new JsonObject { ["type"] = "object" }, new JsonObject { ["input"] = "..." }),
    };

    private static JsonObject Parameter(string name, string location, bool required) => new()
    {
        ["name"] = name,
        ["in"] = location,
        ["required"] = required,
        ["schema"] = new JsonObject { ["type"] = name is "lat" or "lon" or "amount" or "whaleThreshold" ? "number" : name is "days" or "topHolders" ? "integer" : "string" },
    };

    private static IEnumerable<string> PathParameters(string path) =>
        path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]);

    private static string OperationId(DemoCatalog.Operation operation) =>
        operation.Method.ToLowerInvariant() + string.Concat(operation.Path.Split('/', '{', '}', '-').Where(s => s.Length > 0).Select(s => char.ToUpperInvariant(s[0]) + s[1..]));
}
