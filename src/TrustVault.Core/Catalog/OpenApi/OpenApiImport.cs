namespace TrustVault.Core.Catalog.OpenApi;

/// <summary>One problem found in an OpenAPI document, with where it is (a JSON pointer, or a line for syntax errors).</summary>
public sealed record OpenApiImportError(string Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>The endpoints read from a valid document, or the errors of an invalid one.</summary>
public sealed record OpenApiImport(IReadOnlyList<ListingEndpoint> Endpoints, IReadOnlyList<OpenApiImportError> Errors, string? Title, string? Version)
{
    public bool Succeeded => Errors.Count == 0;
}
