using System.Linq.Expressions;
using System.Text.Json.Serialization;
using TrustVault.Core.Data;

namespace TrustVault.Core.Catalog;

/// <summary>A row of the provider's listing table or the admin review queue; <see cref="PlanCount"/> counts the plans offered.</summary>
public sealed record ListingSummary(
    Guid Id, string Name, string Slug, string ProviderName, ListingStatus Status, string? StatusReason,
    int PlanCount, int EndpointCount, DateTimeOffset UpdatedAt)
{
    /// <summary>Hidden and retired plans are no offer: counted, a listing with none offered looked ready for review.</summary>
    public static Expression<Func<Listing, ListingSummary>> FromListing { get; } = l => new ListingSummary(
        l.Id, l.Name, l.Slug, l.Organization!.Name, l.Status, l.StatusReason,
        l.Plans.AsQueryable().Count(Plan.Offered), l.Endpoints.Count, l.UpdatedAt);

    /// <summary>The columns the listing tables sort by, named as this row's properties.</summary>
    public static SortColumns<Listing> Sorting { get; } = new SortColumns<Listing>()
        .Add(nameof(ProviderName), l => l.Organization!.Name)
        .Add(nameof(PlanCount), l => l.Plans.AsQueryable().Count(Plan.Offered))
        .Add(nameof(EndpointCount), l => l.Endpoints.Count)
        .Add(nameof(UpdatedAt), l => l.UpdatedAt);
}

/// <summary>
/// Where a plan change landed: in place, as a new version because the old one has subscribers, or in the live
/// listing's pending revision, to land either way once approved.
/// </summary>
public sealed record PlanChange(Guid PlanId, bool IsNewVersion, bool IsPendingReview = false);

/// <summary>
/// A live listing's revision as its provider sees it: what a pending one would change and the fields it proposes
/// (with the live health path, which is not reviewed), or why it was rejected.
/// </summary>
public sealed record ListingRevisionView(
    Guid Id, ListingRevisionStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt, string? Reason,
    IReadOnlyList<ProposedChange> Changes, ListingInput? ProposedFields)
{
    public bool IsPending => Status == ListingRevisionStatus.Pending;

    /// <summary>
    /// A pending revision's plans, new and changed: where the provider's plan form starts, so a second edit builds on the
    /// first instead of replacing it with the live terms. The editor's, not the API's: <see cref="Changes"/> tells clients.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<ProposedPlan> ProposedPlans { get; init; } = [];

    /// <summary>The view of <paramref name="revision"/>; <paramref name="live"/> needs its endpoints and plans loaded.</summary>
    internal static ListingRevisionView Of(ListingRevision revision, Listing live)
    {
        var pending = revision.Status == ListingRevisionStatus.Pending;
        return new(
            revision.Id, revision.Status, revision.SubmittedAt, revision.ReviewedAt, revision.Reason,
            pending ? ProposedChanges.Between(live, revision.Proposal) : [],
            pending ? revision.Proposal.Fields with { HealthPath = live.HealthPath } : null)
        {
            ProposedPlans = pending ? revision.Proposal.Plans : [],
        };
    }
}

/// <summary>
/// Where a listing is in review, for a provider's pipeline to poll: its status (with the reason of a rejection or a
/// suspension) and, once it is live, its latest revision.
/// </summary>
public sealed record ListingReviewStatus(Guid Id, string Name, string Slug, ListingStatus Status, string? StatusReason, ListingRevisionView? Revision)
{
    /// <summary>Whether an administrator has yet to decide: the listing is in review, or changes to the live listing are.</summary>
    public bool IsInReview => Status == ListingStatus.InReview || Revision?.IsPending == true;
}

/// <summary>A row of the admin queue of changes to live listings.</summary>
public sealed record ListingRevisionSummary(Guid Id, Guid ListingId, string ListingName, string Slug, string ProviderName, DateTimeOffset SubmittedAt)
{
    /// <summary>The columns the queue sorts by, named as this row's properties.</summary>
    public static SortColumns<ListingRevision> Sorting { get; } = new SortColumns<ListingRevision>()
        .Add(nameof(ProviderName), r => r.Listing!.Organization!.Name)
        .Add(nameof(SubmittedAt), r => r.SubmittedAt);
}

/// <summary>A pending revision as the reviewer sees it: the live listing's page and what would change on it.</summary>
public sealed record ListingRevisionReview(Guid Id, ListingRevisionStatus Status, DateTimeOffset SubmittedAt, ListingPage Live, IReadOnlyList<ProposedChange> Changes);
