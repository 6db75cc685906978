using TrustVault.Core.Audit;
using TrustVault.Core.Organizations;

namespace TrustVault.Core.Catalog;

/// <summary>An API offered in the catalog by a provider organization.</summary>
public sealed class Listing : IHasTimestamps, IOrganizationOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; init; }
    public Organization? Organization { get; init; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Summary { get; set; } = "";

    /// <summary>Markdown; rendered through <see cref="MarkdownRenderer"/>, never as raw HTML.</summary>
    public string Description { get; set; } = "";

    public string Category { get; set; } = "";
    public List<string> Tags { get; set; } = [];
    public string? LogoUrl { get; set; }
    public string? UpstreamBaseUrl { get; set; }

    /// <summary>Path under <see cref="UpstreamBaseUrl"/> that the health job probes, e.g. <c>/health</c>; null probes the base itself.</summary>
    public string? HealthPath { get; set; }
    public string Version { get; set; } = "1.0.0";

    /// <summary>Served by TrustVault's own analytics engines rather than forwarded to an upstream.</summary>
    public bool IsFirstParty { get; init; }

    public ListingStatus Status { get; set; } = ListingStatus.Draft;
    public string? StatusReason { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>
    /// Published or suspended: customers hold subscriptions and keys to it, so its changes become a
    /// <see cref="ListingRevision"/> an administrator approves. Drafts and rejected listings change directly.
    /// </summary>
    public bool IsLive => Status is ListingStatus.Published or ListingStatus.Suspended;

    /// <summary>Key of the HMAC signature the gateway adds to forwarded calls, so the upstream can trust them.</summary>
    public string SigningSecret { get; set; } = NewSigningSecret();

    public static string NewSigningSecret() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The imported OpenAPI document as the provider gave it.</summary>
    public string? OpenApiDocument { get; set; }

    public List<ListingEndpoint> Endpoints { get; init; } = [];
    public List<Plan> Plans { get; init; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
