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
                    body["requestBody"] = new JsonObject
                    {
                        ["required"] = true,
                        ["content"] = new JsonObject
                        {
                            ["application/json"] = new JsonObject
                            {
                                ["schema"] = new JsonObject { ["type"] = "object" },
                                ["example"] = new JsonObject { ["input"] = "..." },
                            },
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
