using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TrustVault.Web.Api.Platform;

/// <summary>Declares the personal access token as the document's bearer scheme, required by every operation.</summary>
internal sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TrustVault Platform API",
            Version = "v1",
            Description = "Keys, subscriptions, usage, invoices and listings of your organizations. "
                + "Authenticate with a personal access token (Account settings → Personal access tokens): Authorization: Bearer tvp_…",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[PersonalAccessTokenHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "tvp_<id>_<secret>",
            Description = "A personal access token. Read routes need the read scope, write routes the write scope.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PersonalAccessTokenHandler.SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }
}
