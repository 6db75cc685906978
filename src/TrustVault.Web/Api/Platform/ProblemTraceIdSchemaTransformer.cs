using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TrustVault.Web.Api.Platform;

/// <summary>
/// Documents the <c>traceId</c> every error answer carries (<see cref="Errors.ErrorHandlingExtensions.AddErrorHandling"/>):
/// the problem schemas forbid fields they do not list, so without it every error answer broke its own schema.
/// </summary>
internal sealed class ProblemTraceIdSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type.IsAssignableTo(typeof(ProblemDetails)))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The request's id in TrustVault's logs and traces: quote it when asking about this answer.",
            };
        }

        return Task.CompletedTask;
    }
}
