using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TrustVault.Web.Api;

/// <summary>
/// Adds what a first-party endpoint declares as metadata beyond its parameters and results: its request and query
/// examples, and the types of query parameters read as strings (<see cref="QueryTypeAttribute"/>).
/// </summary>
internal sealed class FirstPartyOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var examples = metadata.OfType<RequestExample>().ToArray();
        if (examples is [var example, ..])
        {
            var body = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody();
            body.Required = true;
            body.Description = example.Description ?? body.Description;
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (!body.Content.TryGetValue(example.ContentType, out var media))
            {
                media = new OpenApiMediaType
                {
                    Schema = example.Schema is { } type
                        ? await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken)
                        : new OpenApiSchema { Type = example.ContentType == "application/json" ? JsonSchemaType.Object : JsonSchemaType.String },
                };
                body.Content[example.ContentType] = media;
            }

            if (examples.Length == 1)
            {
                media.Example = example.Body.DeepClone();
            }
            else
            {
                // OpenAPI allows one 'example' or named 'examples', not both; the importer prefills the first.
                media.Examples = examples.ToDictionary(
                    e => e.Name ?? throw new InvalidOperationException("An endpoint with several request examples must name each."),
                    IOpenApiExample (e) => new OpenApiExample { Summary = e.Name, Value = e.Body.DeepClone() });
            }

            operation.RequestBody = body;
        }

        foreach (var query in metadata.OfType<QueryExample>())
        {
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == query.Name) is { } parameter)
            {
                parameter.Example = JsonValue.Create(query.Value);
            }
        }

        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info }
                && info.GetCustomAttribute<QueryTypeAttribute>() is { } declared
                && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name) is { } parameter)
            {
                parameter.Schema = new OpenApiSchema { Type = declared.Type };
            }
        }
    }
}
