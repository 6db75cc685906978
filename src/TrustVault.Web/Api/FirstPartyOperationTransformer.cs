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
        if (metadata.OfType<RequestExample>().FirstOrDefault() is { } example)
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

            media.Example = example.Body.DeepClone();
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
