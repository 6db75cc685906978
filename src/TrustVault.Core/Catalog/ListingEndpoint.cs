namespace TrustVault.Core.Catalog;

/// <summary>One operation of a listing's API, as imported from its OpenAPI document.</summary>
public sealed class ListingEndpoint
{
    public const int PathMaxLength = 500;
    public const int OperationIdMaxLength = 200;
    public const int SummaryMaxLength = 500;
    public const int TagMaxLength = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ListingId { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public string? OperationId { get; init; }
    public string? Summary { get; init; }
    public string? Description { get; init; }

    /// <summary>The first OpenAPI tag, used to group endpoints on the listing page.</summary>
    public string Tag { get; init; } = "General";

    public List<EndpointParameter> Parameters { get; init; } = [];

    /// <summary>The request body's media type and schema, as JSON text.</summary>
    public string? RequestBody { get; init; }

    /// <summary>An example response (or the response schema when no example is given), as JSON text.</summary>
    public string? ResponseExample { get; init; }

    public int SortOrder { get; init; }
}

public sealed class EndpointParameter
{
    public required string Name { get; init; }

    /// <summary>path, query, header or cookie.</summary>
    public required string In { get; init; }

    public bool Required { get; init; }
    public string? Type { get; init; }
    public string? Description { get; init; }
    public string? Example { get; init; }
}
