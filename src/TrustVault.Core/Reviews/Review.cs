using TrustVault.Core.Audit;
using TrustVault.Core.Catalog;

using TrustVault.Core.Organizations;

namespace TrustVault.Core.Reviews;

/// <summary>One organization's rating and review of a listing (one per organization and listing).</summary>
public sealed class Review : IHasTimestamps, IOrganizationOwned
{
    public const int MaxTextLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ListingId { get; init; }
    public Listing? Listing { get; init; }
    public Guid OrganizationId { get; init; }
    public required string AuthorUserId { get; set; }
    public int Rating { get; set; }
    public string Text { get; set; } = "";
    public string? ProviderReply { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
