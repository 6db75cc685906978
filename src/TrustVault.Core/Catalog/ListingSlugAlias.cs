namespace TrustVault.Core.Catalog;

/// <summary>
/// An address a listing answered at before it was renamed. The gateway still serves calls to it, so customers' code
/// keeps working, and the catalog page there redirects to the listing's current address. No other listing may take it.
/// </summary>
public sealed class ListingSlugAlias
{
    public required string Slug { get; init; }
    public Guid ListingId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
