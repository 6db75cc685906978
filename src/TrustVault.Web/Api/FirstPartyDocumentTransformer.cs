using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TrustVault.Core.Catalog.OpenApi;
using TrustVault.Web.Gateway;

namespace TrustVault.Web.Api;

/// <summary>
/// Turns the document of a listing's route group into the document its customers read: paths relative to the server
/// /gw/{slug}, the API key as the security scheme, and the answers of the gateway in front of every operation.
/// </summary>
internal sealed class FirstPartyDocumentTransformer(FirstPartyListing listing) : IOpenApiDocumentTransformer
{
    private const string ProblemSchema = "ProblemDetails";

    /// <summary>What each problem status means on a first-party endpoint (RFC 9457 problem+json).</summary>
    private static readonly Dictionary<string, string> ProblemDescriptions = new()
    {
        ["400"] = "Invalid request: the detail names the field or row.",
        ["401"] = "Missing, unknown or revoked API key.",
        ["402"] = "Your organization's last invoice is unpaid past the grace period.",
        ["403"] = "Your organization does not subscribe to this API (the privacy API also answers 403 when a dataset's budget is spent).",
        ["404"] = "Not found.",
        ["413"] = "The body is larger than this endpoint accepts.",
        ["415"] = "The body is in a format this endpoint does not read: the detail names the ones it does.",
        ["422"] = "The values are too large, or too far apart, for this analysis: a result would not be a finite number.",
        ["429"] = "Rate limit or monthly quota exceeded (see Retry-After).",
        ["502"] = "The Ethereum node failed.",
        ["503"] = "No Ethereum node is configured.",
    };

    /// <summary>The gateway's answers in front of every endpoint: key, payment, subscription and rate limit.</summary>
    private static readonly string[] GatewayAnswers = ["401", "402", "403", "429"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var prefix = $"{GatewayExtensions.Prefix}/{listing.Slug}";
        document.Info = new OpenApiInfo { Title = listing.Title, Version = "1.0.0", Description = listing.Description };
        GatewayDocument.PointAt(document, prefix);
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(ProblemSchema, ProblemDetailsSchema());

        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                AddProblems(operation, document);
            }

            paths[path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path] = item;
        }

        document.Paths = paths;
        return Task.CompletedTask;
    }

    /// <summary>The gateway's answers, 400 for an operation that reads input and 413 for one that reads a body, each described.</summary>
    private static void AddProblems(OpenApiOperation operation, OpenApiDocument document)
    {
        operation.Responses ??= [];
        var problems = new List<string>(GatewayAnswers);
        if (operation.RequestBody is not null || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
        {
            problems.Add("400");
        }

        if (operation.RequestBody is not null)
        {
            problems.Add("413");
        }

        foreach (var status in problems.Where(s => !operation.Responses.ContainsKey(s)))
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                },
            };
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse described && ProblemDescriptions.TryGetValue(status, out var description))
            {
                described.Description = description;
            }
        }
    }

    private static OpenApiSchema ProblemDetailsSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };
}
