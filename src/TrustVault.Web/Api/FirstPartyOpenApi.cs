using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using TrustVault.Core.Analytics.OnChain;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Api;

/// <summary>
/// The OpenAPI 3.1 document of each first-party listing, generated from <see cref="FirstPartyApis"/>: request and
/// response schemas come from the records the handlers read and write (System.Text.Json's schema exporter), so a
/// field added to a request record shows in the document; examples are bodies that succeed in the Try it panel.
/// </summary>
internal static class FirstPartyOpenApi
{
    private const string ProblemSchema = "ProblemDetails";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>What each problem status means on a first-party route (RFC 9457 problem+json).</summary>
    private static readonly Dictionary<int, string> ProblemDescriptions = new()
    {
        [StatusCodes.Status400BadRequest] = "Invalid request: the detail names the field or row.",
        [StatusCodes.Status401Unauthorized] = "Missing, unknown or revoked API key.",
        [StatusCodes.Status402PaymentRequired] = "Your organization's last invoice is unpaid past the grace period.",
        [StatusCodes.Status403Forbidden] = "Your organization does not subscribe to this API.",
        [StatusCodes.Status404NotFound] = "Not found.",
        [StatusCodes.Status413PayloadTooLarge] = "The body is larger than this endpoint accepts.",
        [StatusCodes.Status415UnsupportedMediaType] = "The body is in a format this endpoint does not read: the detail names the ones it does.",
        [StatusCodes.Status422UnprocessableEntity] = "The values are too large, or too far apart, for this analysis: a result would not be a finite number.",
        [StatusCodes.Status429TooManyRequests] = "Rate limit or monthly quota exceeded (see Retry-After), or the privacy budget is used up.",
        [StatusCodes.Status502BadGateway] = "The Ethereum node failed.",
        [StatusCodes.Status503ServiceUnavailable] = "No Ethereum node is configured.",
    };

    /// <summary>The answers of the gateway in front of every route: key, payment, subscription and rate limit.</summary>
    private static readonly int[] GatewayAnswers =
        [StatusCodes.Status401Unauthorized, StatusCodes.Status402PaymentRequired, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests];

    /// <summary>The document of every first-party listing, by slug, as stored in the listing (indented JSON).</summary>
    public static IReadOnlyDictionary<string, string> Documents() =>
        FirstPartyApis.All.ToDictionary(api => api.Slug, api => Document(api).ToJsonString(Indented));

    public static JsonObject Document(FirstPartyApi api)
    {
        var schemas = new Components();
        var paths = new JsonObject();
        foreach (var group in api.Routes.GroupBy(r => r.Path))
        {
            var item = new JsonObject();
            foreach (var route in group)
            {
                item[route.Method.ToLowerInvariant()] = Operation(route, schemas);
            }

            paths["/" + group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject { ["title"] = api.Title, ["version"] = "1.0.0", ["description"] = api.Description },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = $"/gw/{api.Slug}" }),
            ["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = GatewayPipeline.ApiKeyHeader },
                },
                ["schemas"] = schemas.Schemas,
            },
        };
    }

    private static JsonObject Operation(FirstPartyRoute route, Components schemas)
    {
        var parameters = new JsonArray();
        foreach (var name in route.PathParameters)
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        foreach (var parameter in route.Query)
        {
            var schema = new JsonObject { ["type"] = parameter.Type };
            var item = new JsonObject { ["name"] = parameter.Name, ["in"] = "query", ["required"] = parameter.Required, ["description"] = parameter.Description, ["schema"] = schema };
            if (parameter.Example is not null)
            {
                item["example"] = parameter.Example;
            }

            parameters.Add(item);
        }

        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(route.Tag),
            ["summary"] = route.Summary,
            ["operationId"] = OperationId(route),
        };
        if (route.Description is not null)
        {
            operation["description"] = route.Description;
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        if (route.Body is { } body)
        {
            var media = new JsonObject
            {
                ["schema"] = body.Type is null ? new JsonObject { ["type"] = body.ContentType == "application/json" ? "object" : "string" } : schemas.Reference(body.Type, route.Json),
                ["example"] = body.Example.DeepClone(),
            };
            var requestBody = new JsonObject { ["required"] = true, ["content"] = new JsonObject { [body.ContentType] = media } };
            if (body.Description is not null)
            {
                requestBody["description"] = body.Description;
            }

            operation["requestBody"] = requestBody;
        }

        var responses = new JsonObject();
        foreach (var status in route.Successes)
        {
            var first = status == route.Successes[0];
            responses[Code(status)] = new JsonObject
            {
                ["description"] = status == StatusCodes.Status202Accepted ? "Accepted: queued as a background job; follow its status URL." : "OK",
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = first && route.Response is { } type ? schemas.Reference(type, route.Json) : new JsonObject { ["type"] = "object" } },
                },
            };
        }

        foreach (var status in Problems(route))
        {
            responses[Code(status)] = new JsonObject
            {
                ["description"] = ProblemDescriptions[status],
                ["content"] = new JsonObject
                {
                    ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{ProblemSchema}" } },
                },
            };
        }

        operation["responses"] = responses;
        return operation;
    }

    /// <summary>400 for a route that reads input, 413 for one that reads a body, the gateway's own, and the handler's.</summary>
    private static IEnumerable<int> Problems(FirstPartyRoute route)
    {
        var problems = new SortedSet<int>(GatewayAnswers.Concat(route.Problems));
        if (route.Body is not null || route.Query.Count > 0)
        {
            problems.Add(StatusCodes.Status400BadRequest);
        }

        if (route.Body is not null)
        {
            problems.Add(StatusCodes.Status413PayloadTooLarge);
        }

        return problems;
    }

    private static JsonObject ProblemDetailsSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
        },
    };

    private static string Code(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"postV1DpCount" for POST v1/dp/count.</summary>
    private static string OperationId(FirstPartyRoute route) =>
        route.Method.ToLowerInvariant() + string.Concat(route.Path.Split('/', '{', '}', '-').Where(s => s.Length > 0).Select(s => char.ToUpperInvariant(s[0]) + s[1..]));

    /// <summary>A document's components/schemas: one named schema per request or response type, referenced by the operations.</summary>
    private sealed class Components
    {
        private readonly Dictionary<string, Type> named = [];

        public JsonObject Schemas { get; } = new() { [ProblemSchema] = ProblemDetailsSchema() };

        /// <summary>A reference to the schema of <paramref name="type"/> as the handler's serializer options read and write it.</summary>
        public JsonObject Reference(Type type, JsonSerializerOptions options)
        {
            var name = type.Name;
            if (named.TryAdd(name, type))
            {
                // As the first serialization would: the exporter needs the options' reflection resolver in place.
                options.MakeReadOnly(populateMissingResolver: true);
                var schema = options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Adapt });
                Schemas[name] = Relocate(schema, $"#/components/schemas/{name}");
            }
            else if (named[name] != type)
            {
                throw new InvalidOperationException($"Two types are named {name}: {named[name]} and {type}.");
            }

            return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
        }

        /// <summary>
        /// The exporter lists every constructor parameter as required, but the handlers read missing fields as null and
        /// answer 400 naming the one they need, so nothing is marked required. Types with a converter of their own get
        /// the schema <c>true</c> (anything), which OpenAPI readers refuse: big integers are decimal strings
        /// (<see cref="BigIntegerJsonConverter"/>), anything else an empty schema.
        /// </summary>
        private static JsonNode Adapt(JsonSchemaExporterContext context, JsonNode schema)
        {
            if (schema is JsonObject properties)
            {
                properties.Remove("required");
                return properties;
            }

            return context.TypeInfo.Type == typeof(BigInteger) || context.TypeInfo.Type == typeof(BigInteger?)
                ? new JsonObject { ["type"] = "string", ["pattern"] = "^-?[0-9]+$", ["description"] = "An integer too big for JSON numbers, in decimal digits." }
                : new JsonObject();
        }

        /// <summary>The exporter points repeated types at their first place in the schema ("#/properties/…"); in the document that place is under <paramref name="root"/>.</summary>
        private static JsonNode Relocate(JsonNode node, string root)
        {
            switch (node)
            {
                case JsonObject item:
                    if (item["$ref"] is JsonValue reference && reference.GetValue<string>() is var pointer && pointer.StartsWith('#'))
                    {
                        item["$ref"] = root + pointer[1..];
                    }

                    foreach (var (_, child) in item.ToList())
                    {
                        if (child is not null)
                        {
                            Relocate(child, root);
                        }
                    }

                    break;
                case JsonArray items:
                    foreach (var child in items)
                    {
                        if (child is not null)
                        {
                            Relocate(child, root);
                        }
                    }

                    break;
            }

            return node;
        }
    }
}
