using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Scalar.AspNetCore;
using TrustVault.Core.Identity;

namespace TrustVault.Web.Api.Platform;

/// <summary>The platform REST API at /api/v1, its OpenAPI document and the interactive reference at /api/docs.</summary>
public static class PlatformApiExtensions
{
    public const string Prefix = "/api/v1";
    public const string DocumentName = "platform";
    public const string DocumentPattern = "/api/docs/{documentName}.json";
    public const string ReferencePath = "/api/docs";

    public static WebApplicationBuilder AddPlatformApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.Read, policy => policy
                .AddAuthenticationSchemes(PersonalAccessTokenHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(PersonalAccessTokenHandler.ScopeClaim, nameof(TokenScopes.Read).ToLowerInvariant()))
            .AddPolicy(PlatformPolicies.Write, policy => policy
                .AddAuthenticationSchemes(PersonalAccessTokenHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(PersonalAccessTokenHandler.ScopeClaim, nameof(TokenScopes.Write).ToLowerInvariant()));

        // Enums as their names ("Owner", "Active"): what a script compares against, and what the document lists. A member
        // the request lacks is refused, as the first-party APIs refuse it: a misspelt field was dropped without a word
        // ("isTest": true on a new key gave a live key, billed and counted against quotas).
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        // The generator marks required every request record parameter without a default value: a field the API does without
        // is therefore given one (null: read as left out), and only the fields the handlers refuse to miss go without.
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith(Prefix[1..] + "/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
            options.AddSchemaTransformer<ProblemTraceIdSchemaTransformer>();
        });
        return builder;
    }

    /// <summary>Refuses what no endpoint of the API could bind, before binding blames the body's JSON: a compressed body (415).</summary>
    public static WebApplication UsePlatformApi(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase), api => api.Use(next => context =>
        {
            RequestEncoding.RequireUncompressed(context.Request);
            return next(context);
        }));
        return app;
    }

    public static WebApplication MapPlatformApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(PlatformPolicies.Read)
            .AddEndpointFilter<OrganizationMembershipFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .MapOrganizationsApi()
            .MapCatalogApi()
            .MapKeysApi()
            .MapSubscriptionsApi()
            .MapUsageApi()
            .MapInvoicesApi()
            .MapListingsApi()
            .MapListingPublishingApi()
            .MapWebhooksApi()
            .MapPrivacyDatasetsApi();
        ((IEndpointConventionBuilder)api).Finally(DocumentUnsupportedMediaType);

        app.MapOpenApi(DocumentPattern);
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("TrustVault Platform API")
            .DisableDefaultFonts()
            // The reference must not talk to scalar.com: its AI chat would send our document there, and the
            // developer-tools links lead off the app.
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .AddDocument(DocumentName, "Platform API", DocumentPattern)
            .AddPreferredSecuritySchemes([PersonalAccessTokenHandler.SchemeName]));
        return app;
    }

    /// <summary>
    /// A route that reads a JSON body answers 415 to another Content-Type (routing refuses it) or to a compressed body
    /// (<see cref="UsePlatformApi"/>); run last, when the body's inferred <see cref="IAcceptsMetadata"/> is known.
    /// </summary>
    private static void DocumentUnsupportedMediaType(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }
}
