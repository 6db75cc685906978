using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using TrustVault.Core.Gateway;

namespace TrustVault.Core.Catalog.OpenApi;

/// <summary>Reads an OpenAPI 3.x document (JSON or YAML) with Microsoft.OpenApi into listing endpoints.</summary>
public static partial class OpenApiImporter
{
    public const int MaxDocumentBytes = 2 * 1024 * 1024;

    /// <summary>The operations one listing documents: GitHub's REST API, among the largest public ones, has about 1,200.</summary>
    public const int MaxOperations = 2_000;

    /// <summary>
    /// The text the endpoints store: descriptions, parameters, examples and schemas. Each operation stores in full the schemas
    /// it refers to, so a small document can ask for far more than its own size: 700 KB of 3,000 operations sharing one
    /// large schema came to 200 MB and half a minute of work. GitHub's issues, pulls and users paths, 1.8 MB, need 1 MB.
    /// </summary>
    public const int MaxEndpointTextBytes = 4 * MaxDocumentBytes;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static OpenApiImport Import(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Failed("document", "The document is empty. Paste or upload an OpenAPI 3.x document in JSON or YAML.");
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxDocumentBytes)
        {
            return Failed("document", $"The document is larger than {MaxDocumentBytes / 1024 / 1024} MB.");
        }

        var sourceErrors = OpenApiSource.Check(text);
        if (sourceErrors.Count > 0)
        {
            return new OpenApiImport([], sourceErrors, null, null);
        }

        ReadResult result;
        try
        {
            result = Read(text);
        }
        catch (OpenApiUnsupportedSpecVersionException e)
        {
            return Failed("openapi", $"{e.Message} Import an OpenAPI 3.x document (openapi: 3.0.3, for example).");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OpenApiException)
        {
            // The YAML and JSON parsers throw on syntax errors before any diagnostic exists.
            return Failed("document", e.Message);
        }

        var document = result.Document;
        if (result.Diagnostic?.Errors.Any(e => e.Message == MissingVersion) == true)
        {
            return Failed("openapi", "This is not an OpenAPI document: an OpenAPI 3.x document starts with its version, e.g. openapi: 3.0.3.");
        }

        var errors = result.Diagnostic?.Errors.Select(e => new OpenApiImportError(Location(e), e.Message)).ToList() ?? [];
        // A document the reader could not read through also reports version 2.0: its own errors say what is wrong.
        if (errors.Count == 0 && result.Diagnostic?.SpecificationVersion is OpenApiSpecVersion.OpenApi2_0)
        {
            return new OpenApiImport([], [Swagger2], null, null);
        }

        if (document is null)
        {
            return errors.Count > 0 ? new OpenApiImport([], errors, null, null) : Failed("document", "This is not an OpenAPI document.");
        }

        if (errors.Count == 0 && (document.Paths is null || document.Paths.Count == 0))
        {
            errors.Add(new OpenApiImportError("#/paths", document.Webhooks?.Count > 0
                ? "The document has webhooks but no paths: webhooks are calls the API makes, and a listing documents the calls customers make to it. Add the API's paths."
                : "The document has no paths: there is nothing to list."));
        }

        if (errors.Count == 0 && document.Paths?.Values.Sum(p => p.Operations?.Count ?? 0) is > MaxOperations and var operations)
        {
            errors.Add(TooManyOperations(operations));
        }

        if (errors.Count == 0)
        {
            errors.AddRange(UnservablePaths(document));
            errors.AddRange(TooLong(document));
        }

        if (errors.Count > 0)
        {
            return new OpenApiImport([], errors, null, null);
        }

        var endpoints = new List<ListingEndpoint>();
        var textBytes = 0L;
        foreach (var endpoint in Endpoints(document))
        {
            // Counted as they are made: past the limit, making the rest would cost the time and memory the limit saves.
            textBytes += TextBytes(endpoint);
            if (textBytes > MaxEndpointTextBytes)
            {
                return Failed(
                    $"#/paths/{OpenApiSource.Escape(endpoint.Path)}/{endpoint.Method.ToLowerInvariant()}",
                    $"By this operation the endpoints' descriptions, examples and schemas come to more than {MaxEndpointTextBytes / 1024 / 1024} MB. " +
                    "Each operation shows in full the request and response schemas it refers to, so a large schema shared by many operations is stored many times: " +
                    "give those bodies an example, or split the API into several listings.");
            }

            endpoints.Add(endpoint);
        }

        return endpoints.Count == 0
            ? Failed("#/paths", "The paths have no operations (get, post, ...).")
            : new OpenApiImport(endpoints, [], document.Info?.Title, document.Info?.Version);
    }

    private static long TextBytes(ListingEndpoint endpoint) =>
        Bytes(endpoint.Summary) + Bytes(endpoint.Description) + Bytes(endpoint.RequestBody) + Bytes(endpoint.ResponseExample)
        + endpoint.Parameters.Sum(p => Bytes(p.Name) + Bytes(p.Description) + Bytes(p.Example));

    private static long Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    internal static OpenApiImportError TooManyOperations(int operations) =>
        new("#/paths", $"The document has {operations:N0} operations; a listing documents at most {MaxOperations:N0}. Split the API into several listings.");

    internal static readonly OpenApiImportError Swagger2 = new("swagger", "Swagger 2.0 documents are not supported: convert it to OpenAPI 3.x first.");

    // Microsoft.OpenApi's message when the document names no version (it then reports Swagger 2.0 as the version), which
    // says nothing a person would recognise.
    private const string MissingVersion = "Version node not found.";

    /// <summary>The error's JSON pointer; some errors carry it only at the end of their message ("… at #/paths").</summary>
    private static string Location(OpenApiError error) =>
        !string.IsNullOrEmpty(error.Pointer) ? error.Pointer
        : TrailingPointer().Match(error.Message) is { Success: true } pointer ? pointer.Groups[1].Value
        : "document";

    [GeneratedRegex(@" at (#/\S*)$")]
    private static partial Regex TrailingPointer();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex PathParameter();

    /// <summary>
    /// Each path no call can reach: the gateway refuses dot segments, a query or fragment is not part of a path, and of two
    /// paths that differ only in their parameters' names, a method both have would be one call. A path parameter the
    /// document does not declare is accepted: Try it gives it a field, as loose real-world documents need.
    /// </summary>
    private static IEnumerable<OpenApiImportError> UnservablePaths(OpenApiDocument document)
    {
        var bySignature = new Dictionary<string, (string Path, IOpenApiPathItem Item)>(StringComparer.Ordinal);
        foreach (var (path, item) in document.Paths)
        {
            var signature = PathParameter().Replace(path, "{}");
            if (bySignature.TryGetValue(signature, out var same)
                && item.Operations?.Keys.FirstOrDefault(m => same.Item.Operations?.ContainsKey(m) == true) is { } method)
            {
                yield return new(
                    $"#/paths/{OpenApiSource.Escape(path)}/{method.ToString().ToLowerInvariant()}",
                    $"'{method} {path}' is '{method} {same.Path}' with other parameter names: a call could not tell them apart. Keep one of them.");
            }
            else
            {
                bySignature.TryAdd(signature, (path, item));
            }
        }

        foreach (var path in document.Paths.Keys)
        {
            var location = $"#/paths/{OpenApiSource.Escape(path)}";
            if (path.IndexOfAny(['?', '#']) >= 0)
            {
                yield return new(location, $"The path '{path}' holds a query or fragment: a path ends before '?'. Declare query parameters with in: query.");
            }
            else if (!UpstreamPath.StaysUnderBase(path))
            {
                yield return new(location, $"The path '{path}' has a '.' or '..' segment (perhaps percent-encoded) or a backslash: the gateway refuses such calls, so no one could call it.");
            }
        }
    }

    /// <summary>Each name longer than the listing's endpoints hold: the database refuses it, failing the whole import.</summary>
    private static IEnumerable<OpenApiImportError> TooLong(OpenApiDocument document)
    {
        foreach (var (path, item) in document.Paths)
        {
            var location = $"#/paths/{OpenApiSource.Escape(path)}";
            if (path.Length > ListingEndpoint.PathMaxLength)
            {
                yield return new(location, $"The path is {path.Length:N0} characters long; at most {ListingEndpoint.PathMaxLength} can be listed.");
                continue;
            }

            foreach (var (method, operation) in item.Operations ?? [])
            {
                var at = $"{location}/{method.ToString().ToLowerInvariant()}";
                if (operation.OperationId?.Length > ListingEndpoint.OperationIdMaxLength)
                {
                    yield return new($"{at}/operationId", $"The operationId is {operation.OperationId.Length:N0} characters long; at most {ListingEndpoint.OperationIdMaxLength} can be listed.");
                }

                if (operation.Summary?.Length > ListingEndpoint.SummaryMaxLength)
                {
                    yield return new($"{at}/summary", $"The summary is {operation.Summary.Length:N0} characters long; at most {ListingEndpoint.SummaryMaxLength} can be listed. Move the rest into the description, which has no such limit.");
                }

                if (operation.Tags?.FirstOrDefault()?.Name is { Length: > ListingEndpoint.TagMaxLength } tag)
                {
                    yield return new($"{at}/tags/0", $"The tag '{tag[..40]}…' is {tag.Length:N0} characters long; at most {ListingEndpoint.TagMaxLength} can be listed: it names the endpoint's group on the listing page.");
                }
            }
        }
    }

    private static IEnumerable<ListingEndpoint> Endpoints(OpenApiDocument document)
    {
        var order = 0;
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var parameters = (item.Parameters ?? []).Concat(operation.Parameters ?? [])
                    .Select(p => new EndpointParameter
                    {
                        Name = p.Name ?? "",
                        In = p.In?.ToString().ToLowerInvariant() ?? "query",
                        Required = p.Required,
                        Type = p.Schema?.Type?.ToString().ToLowerInvariant(),
                        Description = p.Description,
                        Example = p.Example?.ToJsonString() ?? p.Schema?.Examples?.FirstOrDefault()?.ToJsonString(),
                    })
                    .ToList();
                yield return new ListingEndpoint
                {
                    Method = method.ToString().ToUpperInvariant(),
                    Path = path,
                    OperationId = operation.OperationId,
                    Summary = operation.Summary,
                    Description = operation.Description,
                    Tag = operation.Tags?.FirstOrDefault()?.Name ?? "General",
                    Parameters = parameters,
                    RequestBody = RequestBody(operation),
                    ResponseExample = ResponseExample(operation),
                    SortOrder = order++,
                };
            }
        }
    }

    private static string? RequestBody(OpenApiOperation operation)
    {
        var media = operation.RequestBody?.Content?.Values.FirstOrDefault();
        return media is null
            ? null
            : Json(media.Example) ?? Json(media.Examples?.Values.FirstOrDefault()?.Value) ?? Json(media.Schema?.Examples?.FirstOrDefault()) ?? SchemaText(media.Schema);
    }

    private static string? ResponseExample(OpenApiOperation operation)
    {
        var success = operation.Responses?.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).FirstOrDefault();
        var media = success?.Content?.Values.FirstOrDefault();
        return media is null
            ? null
            : Json(media.Example) ?? Json(media.Examples?.Values.FirstOrDefault()?.Value) ?? Json(media.Schema?.Examples?.FirstOrDefault()) ?? SchemaText(media.Schema);
    }

    private static string? Json(JsonNode? node) => node?.ToJsonString(Indented);

    private static string? SchemaText(IOpenApiSchema? schema)
    {
        if (schema is null)
        {
            return null;
        }

        // A schema named in components is shown as its definition, not as the reference to it.
        if (schema is OpenApiSchemaReference { Target: { } target })
        {
            schema = target;
        }

        using var writer = new StringWriter();
        schema.SerializeAsV31(new OpenApiJsonWriter(writer));
        return writer.ToString();
    }

    /// <summary>A document in JSON or YAML, told apart by its first character.</summary>
    internal static ReadResult Read(string text)
    {
        // Paths that differ only in their parameters' names are refused by Microsoft.OpenApi even when their methods differ,
        // as GitHub's own document has them (DELETE …/attestations/{attestation_id}, GET …/attestations/{subject_digest}):
        // UnservablePaths refuses only the same method twice.
        var rules = new ValidationRuleSet(ValidationRuleSet.GetDefaultRuleSet());
        rules.Remove(nameof(OpenApiPathsRules.PathMustBeUnique));
        var settings = new OpenApiReaderSettings { RuleSet = rules };
        settings.AddYamlReader();
        var format = Format(text);
        return format == "yaml" && text.Contains("<<", StringComparison.Ordinal) && OpenApiSource.WithMergeKeysApplied(text) is { } merged
            ? OpenApiDocument.Parse(merged, "json", settings)
            : OpenApiDocument.Parse(text, format, settings);
    }

    internal static string Format(string text) => text.TrimStart().StartsWith('{') ? "json" : "yaml";

    private static OpenApiImport Failed(string location, string message) => new([], [new OpenApiImportError(location, message)], null, null);
}
