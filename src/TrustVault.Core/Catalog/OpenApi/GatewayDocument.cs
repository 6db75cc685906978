using Microsoft.OpenApi;

namespace TrustVault.Core.Catalog.OpenApi;

/// <summary>
/// Where a customer calls a listing, as its OpenAPI document tells tools (Swagger UI, code generators, Postman): the
/// listing's address at TrustVault's gateway with the API key the gateway reads, never the provider's upstream, which
/// only the gateway calls and which metering would not see.
/// </summary>
public static class GatewayDocument
{
    public const string KeyScheme = "apiKey";

    /// <param name="gatewayUrl">The listing's address at the gateway, e.g. https://trustvault.example.com/gw/skycast-weather.</param>
    public static void PointAt(OpenApiDocument document, string gatewayUrl)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Servers = [new OpenApiServer { Url = gatewayUrl }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = GatewayHeaders.ApiKey,
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [] }];
    }
}
