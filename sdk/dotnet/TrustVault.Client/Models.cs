namespace TrustVault.Client;

// The platform API's answers. Roles and statuses stay strings ("Owner", "Active"): the server may add values, and a
// client built today should still read them.

/// <summary>One page of a list, as every list of the API answers: <see cref="Page"/> from 1, its size, and <see cref="Total"/>, the whole list's count.</summary>
public sealed record ListPage<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);

/// <summary>An organization you are a member of, with your role in it (Owner, Developer, Billing, Viewer).</summary>
public sealed record Organization(Guid OrganizationId, string Name, string Role, bool IsPersonal, bool IsProvider);

/// <summary>A plan open to new subscribers, as the catalog page shows it: <see cref="Id"/> is the plan id <see cref="TrustVaultClient.SubscribeAsync"/> takes.</summary>
/// <param name="OveragePricePer1000">The price per 1,000 calls past the included ones; null is a hard cap at the included calls.</param>
public sealed record CatalogPlan(
    Guid Id, string Name, decimal MonthlyPrice, string Currency, long IncludedCallsPerMonth, decimal? OveragePricePer1000,
    int RateLimitPerSecond, int RateLimitPerMinute, int TrialDays);

/// <summary>A published API and the plans open to new subscribers.</summary>
/// <param name="Slug">The listing's address now, which differs from the one asked for when the listing was renamed.</param>
/// <param name="Plans">Cheapest first.</param>
public sealed record CatalogListing(
    Guid Id, string Slug, string Name, string Summary, string Category, string Provider, string Version, double AverageRating, int ReviewCount,
    IReadOnlyList<CatalogPlan> Plans);

/// <summary>An API key as listed: never its secret; <see cref="ReplacedByKeyId"/> names the key a rotation issued in its place.</summary>
public sealed record ApiKey(
    Guid Id, string Name, string Prefix, bool IsTest, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt, bool IsUsable, Guid? ReplacedByKeyId);

/// <summary>A new key: <see cref="Secret"/> is the whole key to send as X-Api-Key, shown this once.</summary>
public sealed record IssuedApiKey(ApiKey Key, string Secret);

public sealed record BillingPeriod(DateTimeOffset Start, DateTimeOffset End);

public sealed record Subscription(
    Guid Id, Guid ListingId, string ListingName, string ListingSlug, Guid PlanId, string PlanName, decimal MonthlyPrice, string Currency,
    long IncludedCallsPerMonth, bool HardCap, string Status, BillingPeriod Period, DateTimeOffset? TrialEndsAt,
    DateTimeOffset? CancelsAt, string? PendingPlanName, DateTimeOffset? PendingPlanAt, DateTimeOffset CancellationEndsAt);

public sealed record DailyUsage(DateOnly Day, Guid ListingId, string ListingName, long Calls, long Errors);

public sealed record UsageSummary(IReadOnlyList<DailyUsage> Daily, long Calls, long Errors, int? P50LatencyMs, int? P95LatencyMs);

/// <summary>Where a subscription stands against its monthly quota.</summary>
public sealed record SubscriptionQuota(
    Guid SubscriptionId, Guid ListingId, string ListingName, string PlanName, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    long Used, long Included, long Remaining, bool HardCap);

public sealed record UsageReport(int Days, UsageSummary Usage, IReadOnlyList<SubscriptionQuota> Quotas);

/// <summary>What the usage drill-down selects: UTC days (both included, at most 90; the last 30 by default), optionally one key, API, endpoint (the path as called) or status class ("2xx" to "5xx").</summary>
public sealed record UsageFilter(DateOnly? From = null, DateOnly? To = null, Guid? KeyId = null, Guid? ListingId = null, string? Route = null, string? StatusClass = null);

/// <summary>Calls of one UTC day, key, endpoint and status class.</summary>
public sealed record UsageGroup(
    DateOnly Day, Guid ApiKeyId, string KeyName, string KeyPrefix, Guid? ListingId, string ListingName, string Method, string Route, string StatusClass,
    long Calls, long Bytes, int AverageLatencyMs);

/// <summary>A call answered 4xx or 5xx.</summary>
public sealed record FailedCall(DateTimeOffset At, string RequestId, string KeyName, string KeyPrefix, string ListingName, string Method, string Route, int Status);

/// <summary>One call found by its request id: <see cref="Organization"/> names the caller; <see cref="KeyName"/> is null when a provider looks it up.</summary>
public sealed record CallDetails(
    string RequestId, DateTimeOffset At, string Organization, string? KeyName, Guid? ListingId, string ListingName, string Method, string Route,
    int Status, int LatencyMs, long Bytes, bool Billable);

public sealed record InvoiceSummary(Guid Id, string Number, DateTimeOffset PeriodStart, DateTimeOffset IssuedAt, decimal Total, string Currency, string Status);

/// <summary>A line of an invoice: a plan's fee (Fee) or the calls past its included ones (Overage).</summary>
public sealed record InvoiceLine(
    Guid Id, string Kind, string Description, Guid SubscriptionId, Guid ListingId, Guid PlanId, decimal Quantity, decimal UnitAmount, decimal Amount);

public sealed record Invoice(
    Guid Id, string Number, string OrganizationName, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset IssuedAt, DateTimeOffset? PaidAt,
    decimal Total, string Currency, string Status, string? FailureReason, IReadOnlyList<InvoiceLine> Lines);

public sealed record ListingSummary(
    Guid Id, string Name, string Slug, string ProviderName, string Status, string? StatusReason, int PlanCount, int EndpointCount, DateTimeOffset UpdatedAt);

public sealed record ListingStats(Guid ListingId, string Name, int Subscribers, long Calls, long Errors, int? P50LatencyMs, int? P95LatencyMs);

/// <summary>One of a provider organization's own listings, with its traffic over the requested days (none yet: null).</summary>
public sealed record ProviderListing(ListingSummary Listing, ListingStats? Stats);

/// <summary>A registered webhook endpoint; its signing secret is returned only when it is created.</summary>
public sealed record WebhookEndpoint(Guid Id, string Url, string? Description, bool AllEvents, IReadOnlyList<string> Events, bool IsEnabled, DateTimeOffset CreatedAt);

/// <param name="Secret"><c>whsec_…</c>: deliveries are signed with it (TrustVault-Signature, see the README).</param>
public sealed record CreatedWebhookEndpoint(WebhookEndpoint Endpoint, string Secret);

/// <summary>One event's delivery to one endpoint, with its latest attempt.</summary>
public sealed record WebhookDelivery(
    Guid Id, string EventId, string EventType, Guid EndpointId, string EndpointUrl, string Status, int AttemptCount,
    int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt);

/// <summary>A listing's fields for <see cref="TrustVaultClient.CreateListingAsync"/> and <see cref="TrustVaultClient.UpdateListingAsync"/>: on an update, those left null keep their value; an empty string clears an optional one.</summary>
public sealed record ListingChanges(
    string? Name = null, string? Slug = null, string? Summary = null, string? Description = null, string? Category = null,
    IReadOnlyList<string>? Tags = null, string? LogoUrl = null, string? UpstreamBaseUrl = null, string? HealthPath = null, string? Version = null);

/// <summary>A listing's fields as a pending revision proposes them.</summary>
public sealed record ListingFields(
    string Name, string Slug, string Summary, string Description, string Category, IReadOnlyList<string> Tags, string? LogoUrl,
    string? UpstreamBaseUrl, string? HealthPath, string Version);

/// <summary>One difference a pending revision would make on the live listing.</summary>
public sealed record ProposedChange(string Field, string Before, string After);

/// <summary>Changes to a live listing: Pending until an administrator approves or rejects them (with <see cref="Reason"/>), or Withdrawn.</summary>
public sealed record ListingRevision(
    Guid Id, string Status, DateTimeOffset SubmittedAt, DateTimeOffset? ReviewedAt, string? Reason, IReadOnlyList<ProposedChange> Changes,
    ListingFields? ProposedFields, bool IsPending);

/// <summary>Where a listing is in review: Draft, InReview, Published, Rejected or Suspended, and once live its latest revision.</summary>
/// <param name="IsInReview">An administrator has yet to decide: poll until it is false.</param>
public sealed record ListingReviewStatus(Guid Id, string Name, string Slug, string Status, string? StatusReason, ListingRevision? Revision, bool IsInReview);

public sealed record ImportedOpenApi(int Endpoints, string? Title, string? Version, ListingReviewStatus Listing);

/// <summary>A plan's terms; no <see cref="OveragePricePer1000"/> means a hard cap at the included calls.</summary>
public sealed record NewPlan(
    string Name, decimal MonthlyPrice = 0m, string Currency = "USD", long IncludedCallsPerMonth = 1000, decimal? OveragePricePer1000 = null,
    int RateLimitPerSecond = 5, int RateLimitPerMinute = 100, int TrialDays = 0, bool IsVisible = true);

/// <param name="PlanId">On a live listing, the id the plan gets when its revision is approved.</param>
public sealed record CreatedPlan(Guid PlanId, ListingReviewStatus Listing);

/// <summary>What taking a plan costs and when (Kind: NewSubscription, Upgrade or Downgrade), as the browser shows it before confirming.</summary>
public sealed record PlanQuote(
    string Kind, Guid? SubscriptionId, string ListingName, string? CurrentPlanName, Guid PlanId, string PlanName, decimal MonthlyPrice,
    string Currency, long IncludedCallsPerMonth, decimal? OveragePricePer1000, DateTimeOffset AppliesAt, DateTimeOffset? TrialEndsAt,
    DateTimeOffset? FirstChargeAt, decimal FirstChargeAmount, decimal? ProratedAmount, bool AppliesAtTrialEnd);

/// <summary>
/// Where taking a plan got to. Step: ConfirmationRequired (nothing changed: show <see cref="Quote"/>, then ask again with
/// confirm), CheckoutRequired (send the buyer to <see cref="CheckoutUrl"/>), Applied, or Scheduled (a downgrade, at Quote.AppliesAt).
/// </summary>
public sealed record SubscriptionOutcome(string Step, Guid? SubscriptionId, PlanQuote Quote, string? CheckoutUrl);

/// <param name="EndsAt">When calls stop working.</param>
public sealed record CanceledSubscription(Guid SubscriptionId, DateTimeOffset EndsAt);

/// <summary>A registered privacy dataset with what its queries spent of its ε and δ budget; <c>ArchivedAt</c> set once it takes no more queries.</summary>
public sealed record PrivacyDataset(
    Guid Id, string Name, string? Description, double EpsilonBudget, double DeltaBudget, double SpentEpsilon, double SpentDelta,
    double RemainingEpsilon, double RemainingDelta, int Queries, DateTimeOffset CreatedAt, DateTimeOffset? ArchivedAt);

/// <summary>The organization's ε cap for the calendar month (UTC), shared by all of its datasets, and when it resets.</summary>
public sealed record PrivacyMonth(double EpsilonCap, double SpentEpsilon, double RemainingEpsilon, DateTimeOffset ResetsAt);

/// <summary>A query needs room in both the dataset's budget and the month's cap.</summary>
public sealed record PrivacyBudget(PrivacyDataset Dataset, PrivacyMonth Month);
