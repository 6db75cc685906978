namespace TrustVault.Core.Catalog;

/// <summary>
/// Pending → Approved or Rejected (with a reason) by an administrator, Withdrawn by the provider, or Superseded by the
/// provider's amendment, which is a new revision.
/// </summary>
public enum ListingRevisionStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
    Superseded,
}

/// <summary>
/// Changes a provider proposed to a live listing. The listing keeps serving as it is until an administrator approves
/// the revision. A listing has at most one pending revision; the provider's further edits replace it with a new one,
/// so an administrator only ever approves the changes they were shown.
/// </summary>
public sealed class ListingRevision
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ListingId { get; init; }
    public Listing? Listing { get; init; }

    /// <summary>
    /// The listing's id while the revision is pending, null once decided. Unique: one pending revision per listing,
    /// which every provider enforces without a filtered index of its own dialect.
    /// </summary>
    public Guid? PendingListingId { get; set; }

    public ListingRevisionStatus Status { get; set; } = ListingRevisionStatus.Pending;
    public required ListingProposal Proposal { get; set; }

    /// <summary>Who proposed the changes, with the ones of the revisions this one supersedes.</summary>
    public required string SubmittedByUserId { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }
    public string? ReviewedByUserId { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>Why the revision was rejected, for the provider.</summary>
    public string? Reason { get; set; }
}
