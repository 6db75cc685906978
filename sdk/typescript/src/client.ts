import { TrustVaultApiError, type ProblemDetails } from "./errors.js";
import type {
  ApiKey,
  CanceledSubscription,
  CatalogListing,
  CreatedPlan,
  ImportedOpenApi,
  ListingChanges,
  ListingReviewStatus,
  NewPlan,
  SubscriptionOutcome,
  CreatedWebhookEndpoint,
  Invoice,
  InvoiceSummary,
  IssuedApiKey,
  ListPage,
  Organization,
  PrivacyBudget,
  PrivacyDataset,
  ProviderListing,
  Subscription,
  CallDetails,
  FailedCall,
  UsageFilter,
  UsageGroup,
  UsageReport,
  WebhookDelivery,
  WebhookEndpoint,
} from "./models.js";
import { fromBase64, toBase64, type PaillierPublicKey } from "./paillier.js";

export const API_KEY_HEADER = "X-Api-Key";
export const QUOTA_REMAINING_HEADER = "X-Quota-Remaining";
export const PRIVACY_LISTING = "privacy-analytics";

export interface TrustVaultClientOptions {
  /** Where TrustVault runs, e.g. https://trustvault.example.com (a path prefix is kept). */
  baseUrl: string | URL;
  /** For the platform API: `tvp_…` from Account settings → Personal access tokens. */
  personalAccessToken?: string;
  /** For calls through the gateway: an API key of a subscribed organization. */
  apiKey?: string;
  /** Attempts per call, the first included; 1 turns retrying off. Default 4. */
  maxAttempts?: number;
  /** The longest single wait in ms; a 429 asking for more is thrown at once rather than blocking the caller. Default 30 000. */
  maxRetryWaitMs?: number;
  /** The wait in ms when a 429 names none. Default 1 000. */
  defaultRetryWaitMs?: number;
  /** The fetch to send with; default the global one. */
  fetch?: typeof fetch;
  /** How to wait; tests replace it to record the waits instead of sleeping. */
  delay?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock for Retry-After given as an HTTP date. */
  now?: () => Date;
}

/** Per call: a signal to cancel it (waits between retries included). */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** A call through the gateway: a string or bytes body, or `json` to send as application/json. */
export interface CallOptions extends RequestOptions {
  body?: string | Uint8Array;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface CreateKeyOptions extends RequestOptions {
  /** ISO 8601 time or Date; none: the key does not expire. */
  expiresAt?: string | Date;
  /** A test-mode key (`tv_test_…`). */
  test?: boolean;
}

type Auth = "token" | "key";

/**
 * The TrustVault platform API (`/api/v1`, with a personal access token `tvp_…`) and any listing through the gateway
 * (`/gw/{listing}/{path}`, with an API key). Every error answer becomes a {@link TrustVaultApiError} carrying its problem
 * details; a 429 is retried after its Retry-After, within the options' bounds, unless it reports a used-up monthly quota,
 * which no wait short of the next month cures.
 */
export class TrustVaultClient {
  private readonly baseUrl: URL;
  private readonly personalAccessToken: string | undefined;
  private readonly apiKey: string | undefined;
  private readonly maxAttempts: number;
  private readonly maxRetryWaitMs: number;
  private readonly defaultRetryWaitMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly delay: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => Date;

  constructor(options: TrustVaultClientOptions) {
    const base = new URL(options.baseUrl);
    // A trailing slash keeps a path prefix (https://host/trustvault/) when relative routes are resolved against it.
    if (!base.pathname.endsWith("/")) {
      base.pathname += "/";
    }

    this.baseUrl = base;
    this.personalAccessToken = options.personalAccessToken;
    this.apiKey = options.apiKey;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
    this.defaultRetryWaitMs = options.defaultRetryWaitMs ?? 1_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.delay = options.delay ?? sleep;
    this.now = options.now ?? (() => new Date());
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError("maxAttempts must be a whole number of at least 1.");
    }
  }

  // Platform API.

  /**
   * The organizations the token's user is a member of, with the role in each, the personal one first and then by name:
   * `page` from 1, `pageSize` 1 to 100.
   */
  listOrganizations(page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<Organization>> {
    return this.platform("GET", `organizations?page=${page}&pageSize=${pageSize}`, undefined, options);
  }

  /**
   * A published API by its slug (e.g. "ai-analytics") with the plans open to new subscribers, cheapest first: a plan's `id`
   * is what {@link TrustVaultClient.subscribe} takes. A renamed listing answers at its old slug too, with its new `slug`; no published API
   * at the slug rejects with a 404.
   */
  getCatalogListing(slug: string, options?: RequestOptions): Promise<CatalogListing> {
    return this.platform("GET", `catalog/${id(slug)}`, undefined, options);
  }

  /** The organization's keys, revoked and rotated ones included, newest first: `page` from 1, `pageSize` 1 to 100. */
  listKeys(organizationId: string, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<ApiKey>> {
    return this.platform("GET", `organizations/${id(organizationId)}/keys?page=${page}&pageSize=${pageSize}`, undefined, options);
  }

  /** Creates a key; the answer's `secret` is shown this once. Needs a token with the write scope. */
  createKey(organizationId: string, name: string, options: CreateKeyOptions = {}): Promise<IssuedApiKey> {
    const expiresAt = options.expiresAt instanceof Date ? options.expiresAt.toISOString() : (options.expiresAt ?? null);
    return this.platform("POST", `organizations/${id(organizationId)}/keys`, { name, expiresAt, test: options.test ?? false }, options);
  }

  /** Issues a replacement key; the old one keeps working for `graceHours` (0 to 168, server default 24). */
  rotateKey(organizationId: string, keyId: string, graceHours?: number, options?: RequestOptions): Promise<IssuedApiKey> {
    return this.platform("POST", `organizations/${id(organizationId)}/keys/${id(keyId)}/rotate`, { graceHours: graceHours ?? null }, options);
  }

  async revokeKey(organizationId: string, keyId: string, options?: RequestOptions): Promise<void> {
    await this.discard("DELETE", `organizations/${id(organizationId)}/keys/${id(keyId)}`, options);
  }

  /** The organization's live subscriptions with their plans, newest first: `page` from 1, `pageSize` 1 to 100. */
  listSubscriptions(organizationId: string, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<Subscription>> {
    return this.platform("GET", `organizations/${id(organizationId)}/subscriptions?page=${page}&pageSize=${pageSize}`, undefined, options);
  }

  /** Calls and errors per day over `days` (1 to 90, today included) and the remaining quota of each subscription. */
  getUsage(organizationId: string, days = 30, options?: RequestOptions): Promise<UsageReport> {
    return this.platform("GET", `organizations/${id(organizationId)}/usage?days=${days}`, undefined, options);
  }

  /** Calls per UTC day, key, endpoint and status class, as the console's Usage page shows them: `page` from 1, `pageSize` 1 to 100. */
  getUsageGroups(organizationId: string, filter: UsageFilter = {}, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<UsageGroup>> {
    return this.platform("GET", `organizations/${id(organizationId)}/usage/groups?${usageQuery(filter, page, pageSize)}`, undefined, options);
  }

  /** The calls answered 4xx or 5xx, newest first, with their request ids; the same filter as the groups. */
  listFailedCalls(organizationId: string, filter: UsageFilter = {}, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<FailedCall>> {
    return this.platform("GET", `organizations/${id(organizationId)}/usage/errors?${usageQuery(filter, page, pageSize)}`, undefined, options);
  }

  /** One call the organization made, by its X-TrustVault-Request-Id; someone else's call is a 404, as an unknown id is. */
  getCall(organizationId: string, requestId: string, options?: RequestOptions): Promise<CallDetails> {
    return this.platform("GET", `organizations/${id(organizationId)}/calls/${id(requestId)}`, undefined, options);
  }

  /** One call to one of the provider organization's listings, by its request id: the customer named by organization only, no key. */
  getListingCall(organizationId: string, requestId: string, options?: RequestOptions): Promise<CallDetails> {
    return this.platform("GET", `organizations/${id(organizationId)}/listings/calls/${id(requestId)}`, undefined, options);
  }

  /** Invoices, newest first: `page` from 1, `pageSize` 1 to 100. */
  listInvoices(organizationId: string, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<InvoiceSummary>> {
    return this.platform("GET", `organizations/${id(organizationId)}/invoices?page=${page}&pageSize=${pageSize}`, undefined, options);
  }

  getInvoice(organizationId: string, invoiceId: string, options?: RequestOptions): Promise<Invoice> {
    return this.platform("GET", `organizations/${id(organizationId)}/invoices/${id(invoiceId)}`, undefined, options);
  }

  /** A provider organization's own listings with their traffic over the last `days` (1 to 90). */
  /** A provider organization's own listings, the latest changed first, with their traffic over `days` (1 to 90): `page` from 1, `pageSize` 1 to 100. */
  listListings(organizationId: string, days = 30, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<ProviderListing>> {
    return this.platform("GET", `organizations/${id(organizationId)}/listings?days=${days}&page=${page}&pageSize=${pageSize}`, undefined, options);
  }

  /** Creates a draft listing of a provider organization (Owner or Developer). */
  createListing(organizationId: string, listing: ListingChanges, options?: RequestOptions): Promise<ListingReviewStatus> {
    return this.platform("POST", `organizations/${id(organizationId)}/listings`, listing, options);
  }

  /** Changes the fields given: a draft at once, a live listing through its pending revision. */
  updateListing(organizationId: string, listingId: string, changes: ListingChanges, options?: RequestOptions): Promise<ListingReviewStatus> {
    return this.platform("PATCH", `organizations/${id(organizationId)}/listings/${id(listingId)}`, changes, options);
  }

  /** Replaces the listing's endpoints with those of an OpenAPI 3.x document (JSON or YAML); an invalid one rejects with each error at its location. */
  importOpenApi(organizationId: string, listingId: string, document: string, options?: RequestOptions): Promise<ImportedOpenApi> {
    return this.platform("PUT", `organizations/${id(organizationId)}/listings/${id(listingId)}/openapi`, { document }, options);
  }

  createPlan(organizationId: string, listingId: string, plan: NewPlan, options?: RequestOptions): Promise<CreatedPlan> {
    return this.platform("POST", `organizations/${id(organizationId)}/listings/${id(listingId)}/plans`, plan, options);
  }

  /** Closes a plan to new subscribers at once; its subscribers keep it. */
  async retirePlan(organizationId: string, planId: string, options?: RequestOptions): Promise<void> {
    await this.discard("POST", `organizations/${id(organizationId)}/plans/${id(planId)}/retire`, options);
  }

  /** Submits a draft or rejected listing for review; on a live listing, checks that changes wait for review. */
  submitListing(organizationId: string, listingId: string, options?: RequestOptions): Promise<ListingReviewStatus> {
    return this.platform("POST", `organizations/${id(organizationId)}/listings/${id(listingId)}/submit`, undefined, options);
  }

  getListingReview(organizationId: string, listingId: string, options?: RequestOptions): Promise<ListingReviewStatus> {
    return this.platform("GET", `organizations/${id(organizationId)}/listings/${id(listingId)}/review`, undefined, options);
  }

  /** Subscribes to a plan: a free one at once; a paid one answers ConfirmationRequired with its quote until `confirm` is true. */
  subscribe(organizationId: string, planId: string, confirm = false, options?: RequestOptions): Promise<SubscriptionOutcome> {
    return this.platform("POST", `organizations/${id(organizationId)}/subscriptions`, { planId, confirm }, options);
  }

  /** Moves a subscription to another plan of the same API; answers ConfirmationRequired with the quote until `confirm` is true. */
  changePlan(organizationId: string, subscriptionId: string, planId: string, confirm = false, options?: RequestOptions): Promise<SubscriptionOutcome> {
    return this.platform("POST", `organizations/${id(organizationId)}/subscriptions/${id(subscriptionId)}/plan`, { planId, confirm }, options);
  }

  /** Cancels at the end of the period paid for; calls work until `endsAt`. */
  cancelSubscription(organizationId: string, subscriptionId: string, options?: RequestOptions): Promise<CanceledSubscription> {
    return this.platform("POST", `organizations/${id(organizationId)}/subscriptions/${id(subscriptionId)}/cancel`, undefined, options);
  }

  /** Withdraws a scheduled cancellation or downgrade before it applies: the subscription keeps its plan and renews as before. */
  async withdrawScheduledChange(organizationId: string, subscriptionId: string, options?: RequestOptions): Promise<void> {
    await this.discard("DELETE", `organizations/${id(organizationId)}/subscriptions/${id(subscriptionId)}/scheduled-change`, options);
  }

  /** The organization's webhook endpoints in the order they were registered: `page` from 1, `pageSize` 1 to 100. */
  listWebhooks(organizationId: string, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<WebhookEndpoint>> {
    return this.platform("GET", `organizations/${id(organizationId)}/webhooks?page=${page}&pageSize=${pageSize}`, undefined, options);
  }

  /** Registers an endpoint for `events` (all events when left out); the answer holds its signing secret. Owners only. */
  createWebhook(organizationId: string, url: string, events?: string[], description?: string, options?: RequestOptions): Promise<CreatedWebhookEndpoint> {
    const body = { url, description: description ?? null, allEvents: events === undefined, events: events ?? null };
    return this.platform("POST", `organizations/${id(organizationId)}/webhooks`, body, options);
  }

  async deleteWebhook(organizationId: string, endpointId: string, options?: RequestOptions): Promise<void> {
    await this.discard("DELETE", `organizations/${id(organizationId)}/webhooks/${id(endpointId)}`, options);
  }

  /** Queues a `ping` event to this endpoint only; returns the event's id. */
  async sendTestWebhook(organizationId: string, endpointId: string, options?: RequestOptions): Promise<string> {
    const answer = await this.platform<{ eventId: string }>("POST", `organizations/${id(organizationId)}/webhooks/${id(endpointId)}/test`, undefined, options);
    return answer.eventId;
  }

  /** The delivery log, newest first: `page` from 1, `pageSize` 1 to 100, optionally of one endpoint. */
  listWebhookDeliveries(organizationId: string, page = 1, pageSize = 20, endpointId?: string, options?: RequestOptions): Promise<ListPage<WebhookDelivery>> {
    const endpoint = endpointId === undefined ? "" : `&endpointId=${id(endpointId)}`;
    return this.platform("GET", `organizations/${id(organizationId)}/webhooks/deliveries?page=${page}&pageSize=${pageSize}${endpoint}`, undefined, options);
  }

  /** Queues one more attempt of a delivery, with the same event id and body. */
  async resendWebhookDelivery(organizationId: string, deliveryId: string, options?: RequestOptions): Promise<void> {
    await this.discard("POST", `organizations/${id(organizationId)}/webhooks/deliveries/${id(deliveryId)}/resend`, options);
  }

  /**
   * The organization's privacy datasets, newest first, archived ones included, with what each spent: `page` from 1,
   * `pageSize` 1 to 100. The month's cap is in each dataset's budget (`getPrivacyBudget`).
   */
  listPrivacyDatasets(organizationId: string, page = 1, pageSize = 20, options?: RequestOptions): Promise<ListPage<PrivacyDataset>> {
    return this.platform("GET", `organizations/${id(organizationId)}/privacy/datasets?page=${page}&pageSize=${pageSize}`, undefined, options);
  }

  /**
   * Registers a dataset; the differential privacy endpoints take its id as `dataset`. Owners and developers only.
   * `epsilonBudget` and `deltaBudget` (0 to 0.001) default to the platform's (10 and 1e-5).
   */
  createPrivacyDataset(
    organizationId: string,
    name: string,
    budget: { description?: string; epsilonBudget?: number; deltaBudget?: number } = {},
    options?: RequestOptions,
  ): Promise<PrivacyDataset> {
    const body = { name, description: budget.description ?? null, epsilonBudget: budget.epsilonBudget ?? null, deltaBudget: budget.deltaBudget ?? null };
    return this.platform("POST", `organizations/${id(organizationId)}/privacy/datasets`, body, options);
  }

  /** Archives a dataset: it takes no more queries; what it spent still counts against the month's cap. */
  async archivePrivacyDataset(organizationId: string, datasetId: string, options?: RequestOptions): Promise<void> {
    await this.discard("POST", `organizations/${id(organizationId)}/privacy/datasets/${id(datasetId)}/archive`, options);
  }

  /** What the dataset spent of its budget and what remains, and the organization's cap for the month. */
  getPrivacyBudget(organizationId: string, datasetId: string, options?: RequestOptions): Promise<PrivacyBudget> {
    return this.platform("GET", `organizations/${id(organizationId)}/privacy/datasets/${id(datasetId)}/budget`, undefined, options);
  }

  // Gateway.

  /**
   * Calls `path` (e.g. `/v1/ping`, query string included) of the listing through the gateway with the API key. A success
   * comes back as the Response for the caller to read; an error status throws {@link TrustVaultApiError}.
   */
  call(listingSlug: string, method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["Content-Type"] ??= "application/json";
    }

    return this.send(method, gatewayRoute(listingSlug, path), body, "key", options, headers);
  }

  async getJson<T>(listingSlug: string, path: string, options?: RequestOptions): Promise<T> {
    return read<T>(await this.call(listingSlug, "GET", path, { ...options }));
  }

  async postJson<T>(listingSlug: string, path: string, body: unknown, options?: RequestOptions): Promise<T> {
    return read<T>(await this.call(listingSlug, "POST", path, { ...options, json: body }));
  }

  /**
   * The privacy API's encrypted sum: the server multiplies the ciphertexts, which adds their plaintexts, and never sees
   * one. Decrypt the answer with the {@link PaillierKeyPair} that encrypted them.
   */
  async paillierSum(publicKey: PaillierPublicKey, ciphertexts: Iterable<bigint>, options?: RequestOptions): Promise<bigint> {
    // The compact encoding: base64 is a little over half the size of decimal, and the server reads it in linear time.
    const body = { publicKey: { n: toBase64(publicKey.n) }, ciphertexts: Array.from(ciphertexts, toBase64), encoding: "base64" };
    const answer = await this.postJson<{ ciphertext: string; count: number }>(PRIVACY_LISTING, "/v1/paillier/sum", body, options);
    return fromBase64(answer.ciphertext);
  }

  private async platform<T>(method: string, route: string, body: unknown, options: RequestOptions | undefined): Promise<T> {
    const json = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = json === undefined ? {} : { "Content-Type": "application/json" };
    return read<T>(await this.send(method, "api/v1/" + route, json, "token", options, headers));
  }

  /** A platform call whose answer has no body worth reading (204 or 202). */
  private async discard(method: string, route: string, options: RequestOptions | undefined): Promise<void> {
    const response = await this.send(method, "api/v1/" + route, undefined, "token", options);
    await response.body?.cancel();
  }

  private async send(
    method: string,
    route: string,
    body: string | Uint8Array | undefined,
    auth: Auth,
    options: RequestOptions | undefined,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const credential = auth === "token" ? this.personalAccessToken : this.apiKey;
    if (!credential) {
      throw new Error(
        auth === "token"
          ? "The platform API needs a personal access token (tvp_…): pass personalAccessToken to the TrustVaultClient."
          : "Calls through the gateway need an API key: pass apiKey to the TrustVaultClient.",
      );
    }

    const url = new URL(route, this.baseUrl);
    const sent: Record<string, string> = { Accept: "application/json, application/problem+json", ...headers };
    if (auth === "token") {
      sent["Authorization"] = `Bearer ${credential}`;
    } else {
      sent[API_KEY_HEADER] = credential;
    }

    // Strings and bytes can be sent again as they are, so a retry repeats the same body.
    for (let attempt = 1; ; attempt++) {
      const init: RequestInit = { method, headers: sent };
      if (body !== undefined) {
        // Any Uint8Array is a valid body at run time; TypeScript's DOM types only admit ones over a plain ArrayBuffer.
        init.body = body as BodyInit;
      }

      if (options?.signal) {
        init.signal = options.signal;
      }

      const response = await this.fetchImpl(url, init);
      if (response.ok) {
        return response;
      }

      const retryAfter = response.headers.get("Retry-After");
      const wait = this.retryWait(retryAfter);
      if (response.status !== 429 || isQuotaUsedUp(response) || attempt >= this.maxAttempts || wait > this.maxRetryWaitMs) {
        throw await toError(response, retryAfter === null ? undefined : wait);
      }

      await response.body?.cancel();
      await this.delay(wait, options?.signal);
    }
  }

  /** Retry-After as delay-seconds or as an HTTP date (RFC 9110 §10.2.3); a date in the past means now. */
  private retryWait(retryAfter: string | null): number {
    if (retryAfter === null) {
      return this.defaultRetryWaitMs;
    }

    const value = retryAfter.trim();
    if (/^\d+$/.test(value)) {
      return Number(value) * 1_000;
    }

    const at = Date.parse(value);
    return Number.isNaN(at) ? this.defaultRetryWaitMs : Math.max(0, at - this.now().getTime());
  }
}

/** The gateway's monthly-quota 429 reports no calls left; its Retry-After points at next month. */
function isQuotaUsedUp(response: Response): boolean {
  return response.headers.get(QUOTA_REMAINING_HEADER)?.split(",").some((v) => v.trim() === "0") ?? false;
}

async function toError(response: Response, retryAfterMs: number | undefined): Promise<TrustVaultApiError> {
  const text = await response.text();
  let problem: ProblemDetails | undefined;
  if (/json/i.test(response.headers.get("Content-Type") ?? "")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
        problem = parsed as ProblemDetails;
      }
    } catch {
      // Not a problem document after all: fall through to the plain-text description.
    }
  }

  problem ??= {
    status: response.status,
    title: response.statusText || null,
    detail: text.trim() === "" ? null : text.slice(0, 500),
  };
  return new TrustVaultApiError(response.status, problem, retryAfterMs);
}

async function read<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (text === "") {
    throw new TrustVaultApiError(response.status, {
      status: response.status,
      title: "Empty answer",
      detail: "The answer had no body where JSON was expected.",
    });
  }

  return JSON.parse(text) as T;
}

function gatewayRoute(listingSlug: string, path: string): string {
  if (listingSlug.trim() === "") {
    throw new TypeError("Name the listing to call, e.g. ai-analytics.");
  }

  return `gw/${encodeURIComponent(listingSlug)}/${path.replace(/^\/+/, "")}`;
}

function usageQuery(filter: UsageFilter, page: number, pageSize: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value !== undefined) {
      query.set(name, String(value));
    }
  }

  query.set("page", String(page));
  query.set("pageSize", String(pageSize));
  return query.toString();
}

function id(value: string): string {
  return encodeURIComponent(value);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}
