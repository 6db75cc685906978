namespace TrustVault.Core.Catalog;

/// <summary>Draft → InReview → Published (or Rejected with a reason) → Suspended.</summary>
public enum ListingStatus
{
    Draft,
    InReview,
    Published,
    Rejected,
    Suspended,
}
