// The platform API's answers, as the OpenAPI document at /api/docs/platform.json describes them (test/openapi.test.ts
// checks these against it). Ids are GUID strings, times ISO 8601 strings, money plain numbers. Roles and statuses stay
// strings ("Owner", "Active"): the server may add values, and a client built today should still read them.

/** An organization you are a member of, with your role in it (Owner, Developer, Billing, Viewer). */
/** One page of a list, as every list of the API answers: `page` from 1, its size, and `total`, the whole list's count. */
export interface ListPage<T> {
  page: number;
  pageSize: number;
  total: number;
  items: T[];
}

export interface Organization {
  organizationId: string;
  name: string;
  role: string;
  isPersonal: boolean;
  isProvider: boolean;
}

/** A plan open to new subscribers, as the catalog page shows it: `id` is the plan id `subscribe` takes. */
export interface CatalogPlan {
  id: string;
  name: string;
  monthlyPrice: number;
  currency: string;
  includedCallsPerMonth: number;
  /** The price per 1,000 calls past the included ones; null: a hard cap at the included calls. */
  overagePricePer1000: number | null;
  rateLimitPerSecond: number;
  rateLimitPerMinute: number;
  trialDays: number;
}

/** A published API and the plans open to new subscribers, cheapest first. */
export interface CatalogListing {
  id: string;
  /** The listing's address now, which differs from the one asked for when the listing was renamed. */
  slug: string;
  name: string;
  summary: string;
  category: string;
  provider: string;
  version: string;
  averageRating: number;
  reviewCount: number;
  plans: CatalogPlan[];
}

/** An API key as listed: never its secret. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  isTest: boolean;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  isUsable: boolean;
  /** The key a rotation issued in its place; a rotated key is not rotated again. */
  replacedByKeyId: string | null;
}

/** A new key: `secret` is the whole key to send as X-Api-Key, shown this once. */
export interface IssuedApiKey {
  key: ApiKey;
  secret: string;
}

export interface BillingPeriod {
  start: string;
  end: string;
}

export interface Subscription {
  id: string;
  listingId: string;
  listingName: string;
  listingSlug: string;
  planId: string;
  planName: string;
  monthlyPrice: number;
  currency: string;
  includedCallsPerMonth: number;
  hardCap: boolean;
  status: string;
  period: BillingPeriod;
  trialEndsAt: string | null;
  cancelsAt: string | null;
  pendingPlanName: string | null;
  /** When the scheduled downgrade to pendingPlanName applies: the end of the trial or period it was asked in. */
  pendingPlanAt: string | null;
  /** When the subscription would end if cancelled now: at its trial's end during a trial, else at its period's end. */
  cancellationEndsAt: string;
}

export interface DailyUsage {
  /** A UTC day, yyyy-mm-dd. */
  day: string;
  listingId: string;
  listingName: string;
  calls: number;
  errors: number;
}

export interface UsageSummary {
  daily: DailyUsage[];
  calls: number;
  errors: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** Where a subscription stands against its monthly quota. */
export interface SubscriptionQuota {
  subscriptionId: string;
  listingId: string;
  listingName: string;
  planName: string;
  periodStart: string;
  periodEnd: string;
  used: number;
  included: number;
  remaining: number;
  hardCap: boolean;
}

export interface UsageReport {
  days: number;
  usage: UsageSummary;
  quotas: SubscriptionQuota[];
}

/** What the usage drill-down selects: UTC days as yyyy-mm-dd (both included, at most 90; the last 30 by default), and optionally one key, API, endpoint or status class. */
export interface UsageFilter {
  from?: string;
  to?: string;
  keyId?: string;
  listingId?: string;
  /** The path as called, e.g. "/ai-analytics/v1/ping". */
  route?: string;
  statusClass?: "2xx" | "3xx" | "4xx" | "5xx";
}

/** Calls of one UTC day, key, endpoint and status class. */
export interface UsageGroup {
  day: string;
  apiKeyId: string;
  keyName: string;
  keyPrefix: string;
  listingId: string | null;
  listingName: string;
  method: string;
  route: string;
  statusClass: string;
  calls: number;
  bytes: number;
  averageLatencyMs: number;
}

/** A call answered 4xx or 5xx. */
export interface FailedCall {
  at: string;
  requestId: string;
  keyName: string;
  keyPrefix: string;
  listingName: string;
  method: string;
  route: string;
  status: number;
}

/** One call found by its request id; `keyName` is null when a provider looks it up. */
export interface CallDetails {
  requestId: string;
  at: string;
  /** The calling organization's name. */
  organization: string;
  keyName: string | null;
  listingId: string | null;
  listingName: string;
  method: string;
  route: string;
  status: number;
  latencyMs: number;
  bytes: number;
  billable: boolean;
}

export interface InvoiceSummary {
  id: string;
  number: string;
  periodStart: string;
  issuedAt: string;
  total: number;
  currency: string;
  status: string;
}

/** A line of an invoice: a plan's fee (Fee) or the calls past its included ones (Overage). */
export interface InvoiceLine {
  id: string;
  kind: string;
  description: string;
  subscriptionId: string;
  listingId: string;
  planId: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

export interface Invoice {
  id: string;
  number: string;
  organizationName: string;
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  paidAt: string | null;
  total: number;
  currency: string;
  status: string;
  failureReason: string | null;
  lines: InvoiceLine[];
}

export interface ListingSummary {
  id: string;
  name: string;
  slug: string;
  providerName: string;
  status: string;
  statusReason: string | null;
  planCount: number;
  endpointCount: number;
  updatedAt: string;
}

export interface ListingStats {
  listingId: string;
  name: string;
  subscribers: number;
  calls: number;
  errors: number;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

/** One of a provider organization's own listings, with its traffic over the requested days (none yet: null). */
export interface ProviderListing {
  listing: ListingSummary;
  stats: ListingStats | null;
}

/** A registered webhook endpoint; its signing secret is returned only when it is created. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  allEvents: boolean;
  events: string[];
  isEnabled: boolean;
  createdAt: string;
}

export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpoint;
  /** `whsec_…`: verify deliveries with it (see `verifyWebhookSignature`). */
  secret: string;
}

/** One event's delivery to one endpoint, with its latest attempt. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  endpointUrl: string;
  status: string;
  attemptCount: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
}

/** A listing's fields for `createListing` and `updateListing`: on an update, those left out keep their value; an empty string clears an optional one. */
export interface ListingChanges {
  name?: string;
  slug?: string;
  summary?: string;
  description?: string;
  category?: string;
  tags?: string[];
  logoUrl?: string;
  upstreamBaseUrl?: string;
  healthPath?: string;
  version?: string;
}

/** A listing's fields as a pending revision proposes them. */
export interface ListingFields {
  name: string;
  slug: string;
  summary: string;
  description: string;
  category: string;
  tags: string[];
  logoUrl: string | null;
  upstreamBaseUrl: string | null;
  healthPath: string | null;
  version: string;
}

/** One difference a pending revision would make on the live listing. */
export interface ProposedChange {
  field: string;
  before: string;
  after: string;
}

/** Changes to a live listing: Pending until approved or rejected (with `reason`), or Withdrawn. */
export interface ListingRevision {
  id: string;
  status: string;
  submittedAt: string;
  reviewedAt: string | null;
  reason: string | null;
  changes: ProposedChange[];
  proposedFields: ListingFields | null;
  isPending: boolean;
}

/** Where a listing is in review: Draft, InReview, Published, Rejected or Suspended, and once live its latest revision. */
export interface ListingReviewStatus {
  id: string;
  name: string;
  slug: string;
  status: string;
  statusReason: string | null;
  revision: ListingRevision | null;
  /** An administrator has yet to decide: poll until it is false. */
  isInReview: boolean;
}

export interface ImportedOpenApi {
  endpoints: number;
  title: string | null;
  version: string | null;
  listing: ListingReviewStatus;
}

/** A plan's terms; those left out take the portal's defaults, and no `overagePricePer1000` means a hard cap. */
export interface NewPlan {
  name: string;
  monthlyPrice?: number;
  currency?: string;
  includedCallsPerMonth?: number;
  overagePricePer1000?: number;
  rateLimitPerSecond?: number;
  rateLimitPerMinute?: number;
  trialDays?: number;
  isVisible?: boolean;
}

export interface CreatedPlan {
  /** On a live listing, the id the plan gets when its revision is approved. */
  planId: string;
  listing: ListingReviewStatus;
}

/** What taking a plan costs and when (kind: NewSubscription, Upgrade or Downgrade), as the browser shows it before confirming. */
export interface PlanQuote {
  kind: string;
  subscriptionId: string | null;
  listingName: string;
  currentPlanName: string | null;
  planId: string;
  planName: string;
  monthlyPrice: number;
  currency: string;
  includedCallsPerMonth: number;
  overagePricePer1000: number | null;
  appliesAt: string;
  trialEndsAt: string | null;
  firstChargeAt: string | null;
  firstChargeAmount: number;
  proratedAmount: number | null;
  appliesAtTrialEnd: boolean;
}

/**
 * Where taking a plan got to. `step`: ConfirmationRequired (nothing changed: show `quote`, then ask again with confirm),
 * CheckoutRequired (send the buyer to `checkoutUrl`), Applied, or Scheduled (a downgrade, at `quote.appliesAt`).
 */
export interface SubscriptionOutcome {
  step: string;
  subscriptionId: string | null;
  quote: PlanQuote;
  checkoutUrl: string | null;
}

export interface CanceledSubscription {
  subscriptionId: string;
  /** When calls stop working. */
  endsAt: string;
}

/** A registered privacy dataset with what its queries spent of its ε and δ budget; `archivedAt` is set once it takes no more queries. */
export interface PrivacyDataset {
  id: string;
  name: string;
  description: string | null;
  epsilonBudget: number;
  deltaBudget: number;
  spentEpsilon: number;
  spentDelta: number;
  remainingEpsilon: number;
  remainingDelta: number;
  queries: number;
  createdAt: string;
  archivedAt: string | null;
}

/** The organization's ε cap for the calendar month (UTC), shared by all of its datasets, and when it resets. */
export interface PrivacyMonth {
  epsilonCap: number;
  spentEpsilon: number;
  remainingEpsilon: number;
  resetsAt: string;
}

/** A query needs room in both the dataset's budget and the month's cap. */
export interface PrivacyBudget {
  dataset: PrivacyDataset;
  month: PrivacyMonth;
}
