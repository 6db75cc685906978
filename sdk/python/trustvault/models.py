"""The platform API's answers, as the OpenAPI document at /api/docs/platform.json describes them.

The client returns the JSON objects as they come, so these are TypedDicts with the document's camelCase field names
(tests/test_openapi.py checks them against it). Ids are GUID strings, times ISO 8601 strings. Decimal numbers are read
as ``Decimal``, so money is exact; a whole amount written without a fraction comes back as ``int``. Roles and statuses
stay strings ("Owner", "Active"): the server may add values, and a client written today should still read them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Generic, TypedDict, TypeVar

Money = Decimal | int
T = TypeVar("T")


class ListPage(TypedDict, Generic[T]):
    """One page of a list, as every list of the API answers: ``page`` from 1, its size, and ``total``, the whole list's count."""

    page: int
    pageSize: int
    total: int
    items: list[T]


class Organization(TypedDict):
    """An organization you are a member of, with your role in it (Owner, Developer, Billing, Viewer)."""

    organizationId: str
    name: str
    role: str
    isPersonal: bool
    isProvider: bool


class CatalogPlan(TypedDict):
    """A plan open to new subscribers, as the catalog page shows it: ``id`` is the plan id :meth:`subscribe` takes."""

    id: str
    name: str
    monthlyPrice: Money
    currency: str
    includedCallsPerMonth: int
    overagePricePer1000: Money | None
    """The price per 1,000 calls past the included ones; ``None``: a hard cap at the included calls."""
    rateLimitPerSecond: int
    rateLimitPerMinute: int
    trialDays: int


class CatalogListing(TypedDict):
    """A published API and the plans open to new subscribers, cheapest first."""

    id: str
    slug: str
    """The listing's address now, which differs from the one asked for when the listing was renamed."""
    name: str
    summary: str
    category: str
    provider: str
    version: str
    averageRating: float
    reviewCount: int
    plans: list[CatalogPlan]


class ApiKey(TypedDict):
    """An API key as listed: never its secret."""

    id: str
    name: str
    prefix: str
    isTest: bool
    createdAt: str
    expiresAt: str | None
    revokedAt: str | None
    lastUsedAt: str | None
    isUsable: bool
    replacedByKeyId: str | None


class IssuedApiKey(TypedDict):
    """A new key: ``secret`` is the whole key to send as X-Api-Key, shown this once."""

    key: ApiKey
    secret: str


class BillingPeriod(TypedDict):
    start: str
    end: str


class Subscription(TypedDict):
    id: str
    listingId: str
    listingName: str
    listingSlug: str
    planId: str
    planName: str
    monthlyPrice: Money
    currency: str
    includedCallsPerMonth: int
    hardCap: bool
    status: str
    period: BillingPeriod
    trialEndsAt: str | None
    cancelsAt: str | None
    pendingPlanName: str | None
    pendingPlanAt: str | None
    """When the scheduled downgrade to pendingPlanName applies: the end of the trial or period it was asked in."""
    cancellationEndsAt: str
    """When the subscription would end if cancelled now: at its trial's end during a trial, else at its period's end."""


class DailyUsage(TypedDict):
    day: str
    """A UTC day, yyyy-mm-dd."""
    listingId: str
    listingName: str
    calls: int
    errors: int


class UsageSummary(TypedDict):
    daily: list[DailyUsage]
    calls: int
    errors: int
    p50LatencyMs: int | None
    p95LatencyMs: int | None


class SubscriptionQuota(TypedDict):
    """Where a subscription stands against its monthly quota."""

    subscriptionId: str
    listingId: str
    listingName: str
    planName: str
    periodStart: str
    periodEnd: str
    used: int
    included: int
    remaining: int
    hardCap: bool


class UsageReport(TypedDict):
    days: int
    usage: UsageSummary
    quotas: list[SubscriptionQuota]


class UsageGroup(TypedDict):
    """Calls of one UTC day, key, endpoint and status class."""

    day: str
    apiKeyId: str
    keyName: str
    keyPrefix: str
    listingId: str | None
    listingName: str
    method: str
    route: str
    statusClass: str
    calls: int
    bytes: int
    averageLatencyMs: int


class FailedCall(TypedDict):
    """A call answered 4xx or 5xx."""

    at: str
    requestId: str
    keyName: str
    keyPrefix: str
    listingName: str
    method: str
    route: str
    status: int


class CallDetails(TypedDict):
    """One call found by its request id; ``keyName`` is None when a provider looks it up."""

    requestId: str
    at: str
    organization: str
    """The calling organization's name."""
    keyName: str | None
    listingId: str | None
    listingName: str
    method: str
    route: str
    status: int
    latencyMs: int
    bytes: int
    billable: bool


class InvoiceSummary(TypedDict):
    id: str
    number: str
    periodStart: str
    issuedAt: str
    total: Money
    currency: str
    status: str


class InvoiceLine(TypedDict):
    """A line of an invoice: a plan's fee (Fee) or the calls past its included ones (Overage)."""

    id: str
    kind: str
    description: str
    subscriptionId: str
    listingId: str
    planId: str
    quantity: Money
    unitAmount: Money
    amount: Money


class Invoice(TypedDict):
    id: str
    number: str
    organizationName: str
    periodStart: str
    periodEnd: str
    issuedAt: str
    paidAt: str | None
    total: Money
    currency: str
    status: str
    failureReason: str | None
    lines: list[InvoiceLine]


class ListingSummary(TypedDict):
    id: str
    name: str
    slug: str
    providerName: str
    status: str
    statusReason: str | None
    planCount: int
    endpointCount: int
    updatedAt: str


class ListingStats(TypedDict):
    listingId: str
    name: str
    subscribers: int
    calls: int
    errors: int
    p50LatencyMs: int | None
    p95LatencyMs: int | None


class ProviderListing(TypedDict):
    """One of a provider organization's own listings, with its traffic over the requested days (none yet: None)."""

    listing: ListingSummary
    stats: ListingStats | None


class WebhookEndpoint(TypedDict):
    """A registered webhook endpoint; its signing secret is returned only when it is created."""

    id: str
    url: str
    description: str | None
    allEvents: bool
    events: list[str]
    isEnabled: bool
    createdAt: str


class CreatedWebhookEndpoint(TypedDict):
    endpoint: WebhookEndpoint
    secret: str
    """``whsec_…``: verify deliveries with it (see ``verify_webhook_signature``)."""


class WebhookDelivery(TypedDict):
    """One event's delivery to one endpoint, with its latest attempt."""

    id: str
    eventId: str
    eventType: str
    endpointId: str
    endpointUrl: str
    status: str
    attemptCount: int
    lastStatusCode: int | None
    lastError: str | None
    createdAt: str
    lastAttemptAt: str | None
    nextAttemptAt: str | None


class ListingChanges(TypedDict, total=False):
    """A listing's fields for ``create_listing`` and ``update_listing``: on an update, those left out keep their value;
    an empty string clears an optional one."""

    name: str
    slug: str
    summary: str
    description: str
    category: str
    tags: list[str]
    logoUrl: str
    upstreamBaseUrl: str
    healthPath: str
    version: str


class ListingFields(TypedDict):
    """A listing's fields as a pending revision proposes them."""

    name: str
    slug: str
    summary: str
    description: str
    category: str
    tags: list[str]
    logoUrl: str | None
    upstreamBaseUrl: str | None
    healthPath: str | None
    version: str


class ProposedChange(TypedDict):
    """One difference a pending revision would make on the live listing."""

    field: str
    before: str
    after: str


class ListingRevision(TypedDict):
    """Changes to a live listing: Pending until approved or rejected (with ``reason``), or Withdrawn."""

    id: str
    status: str
    submittedAt: str
    reviewedAt: str | None
    reason: str | None
    changes: list[ProposedChange]
    proposedFields: ListingFields | None
    isPending: bool


class ListingReviewStatus(TypedDict):
    """Where a listing is in review: Draft, InReview, Published, Rejected or Suspended, and once live its latest revision.
    ``isInReview``: an administrator has yet to decide; poll until it is false."""

    id: str
    name: str
    slug: str
    status: str
    statusReason: str | None
    revision: ListingRevision | None
    isInReview: bool


class ImportedOpenApi(TypedDict):
    endpoints: int
    title: str | None
    version: str | None
    listing: ListingReviewStatus


class NewPlan(TypedDict, total=False):
    """A plan's terms; those left out take the portal's defaults, and no ``overagePricePer1000`` means a hard cap."""

    name: str
    monthlyPrice: Money
    currency: str
    includedCallsPerMonth: int
    overagePricePer1000: Money
    rateLimitPerSecond: int
    rateLimitPerMinute: int
    trialDays: int
    isVisible: bool


class CreatedPlan(TypedDict):
    """``planId``: on a live listing, the id the plan gets when its revision is approved."""

    planId: str
    listing: ListingReviewStatus


class PlanQuote(TypedDict):
    """What taking a plan costs and when (kind: NewSubscription, Upgrade or Downgrade), as the browser shows it."""

    kind: str
    subscriptionId: str | None
    listingName: str
    currentPlanName: str | None
    planId: str
    planName: str
    monthlyPrice: Money
    currency: str
    includedCallsPerMonth: int
    overagePricePer1000: Money | None
    appliesAt: str
    trialEndsAt: str | None
    firstChargeAt: str | None
    firstChargeAmount: Money
    proratedAmount: Money | None
    appliesAtTrialEnd: bool


class SubscriptionOutcome(TypedDict):
    """Where taking a plan got to. ``step``: ConfirmationRequired (nothing changed: show ``quote``, then ask again with
    confirm), CheckoutRequired (send the buyer to ``checkoutUrl``), Applied, or Scheduled (a downgrade, at
    ``quote["appliesAt"]``)."""

    step: str
    subscriptionId: str | None
    quote: PlanQuote
    checkoutUrl: str | None


class CanceledSubscription(TypedDict):
    """``endsAt``: when calls stop working."""

    subscriptionId: str
    endsAt: str


class PrivacyDataset(TypedDict):
    """A registered privacy dataset with what its queries spent of its ε and δ budget; ``archivedAt`` is set once it takes no more queries."""

    id: str
    name: str
    description: str | None
    epsilonBudget: float
    deltaBudget: float
    spentEpsilon: float
    spentDelta: float
    remainingEpsilon: float
    remainingDelta: float
    queries: int
    createdAt: str
    archivedAt: str | None


class PrivacyMonth(TypedDict):
    """The organization's ε cap for the calendar month (UTC), shared by all of its datasets, and when it resets."""

    epsilonCap: float
    spentEpsilon: float
    remainingEpsilon: float
    resetsAt: str


class PrivacyBudget(TypedDict):
    """A query needs room in both the dataset's budget and the month's cap."""

    dataset: PrivacyDataset
    month: PrivacyMonth
