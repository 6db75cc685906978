import { expect, it } from "vitest";
import { TrustVaultClient } from "../src/index.js";
import type * as Models from "../src/models.js";
import { baseUrl, describeLive } from "./live.js";
import { ok, scriptedFetch } from "./stub.js";

// Hand-checks the SDK against the platform API's OpenAPI document as the running app serves it: every request the SDK
// sends matches a documented operation, and every field of the SDK's types is in the documented schema, required ones
// all present.

interface Schema {
  properties?: Record<string, unknown>;
  required?: string[];
}

interface Document {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema> };
}

/** The field names of T, checked by the compiler to be exactly T's keys. */
function fields<T>() {
  return <const K extends Record<keyof T, true>>(keys: K & Record<Exclude<keyof K, keyof T>, never>): string[] => Object.keys(keys);
}

// Every list's page, whatever its items: the document names each PlatformListOf<its items' schema>.
const pageFields = fields<Models.ListPage<unknown>>()({ page: true, pageSize: true, total: true, items: true });

// SDK type → documented schema, each with all of the SDK type's fields.
const typesBySchema: Record<string, string[]> = {
  OrganizationMembership: fields<Models.Organization>()({ organizationId: true, name: true, role: true, isPersonal: true, isProvider: true }),
  PlatformListOfOrganizationMembership: pageFields,
  ApiKeyView: fields<Models.ApiKey>()({
    id: true, name: true, prefix: true, isTest: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true, isUsable: true, replacedByKeyId: true,
  }),
  PlatformListOfApiKeyView: pageFields,
  IssuedApiKey: fields<Models.IssuedApiKey>()({ key: true, secret: true }),
  BillingPeriod: fields<Models.BillingPeriod>()({ start: true, end: true }),
  PlatformListOfSubscriptionView: pageFields,
  SubscriptionView: fields<Models.Subscription>()({
    id: true, listingId: true, listingName: true, listingSlug: true, planId: true, planName: true, monthlyPrice: true, currency: true,
    includedCallsPerMonth: true, hardCap: true, status: true, period: true, trialEndsAt: true, cancelsAt: true, pendingPlanName: true,
    pendingPlanAt: true, cancellationEndsAt: true,
  }),
  DailyUsage: fields<Models.DailyUsage>()({ day: true, listingId: true, listingName: true, calls: true, errors: true }),
  UsageSummary: fields<Models.UsageSummary>()({ daily: true, calls: true, errors: true, p50LatencyMs: true, p95LatencyMs: true }),
  SubscriptionQuota: fields<Models.SubscriptionQuota>()({
    subscriptionId: true, listingId: true, listingName: true, planName: true, periodStart: true, periodEnd: true, used: true, included: true,
    remaining: true, hardCap: true,
  }),
  UsageReport: fields<Models.UsageReport>()({ days: true, usage: true, quotas: true }),
  UsageGroup: fields<Models.UsageGroup>()({
    day: true, apiKeyId: true, keyName: true, keyPrefix: true, listingId: true, listingName: true, method: true, route: true, statusClass: true, calls: true,
    bytes: true, averageLatencyMs: true,
  }),
  PlatformListOfUsageGroup: pageFields,
  FailedCall: fields<Models.FailedCall>()({ at: true, requestId: true, keyName: true, keyPrefix: true, listingName: true, method: true, route: true, status: true }),
  PlatformListOfFailedCall: pageFields,
  CallDetails: fields<Models.CallDetails>()({
    requestId: true, at: true, organization: true, keyName: true, listingId: true, listingName: true, method: true, route: true, status: true,
    latencyMs: true, bytes: true, billable: true,
  }),
  InvoiceSummary: fields<Models.InvoiceSummary>()({ id: true, number: true, periodStart: true, issuedAt: true, total: true, currency: true, status: true }),
  PlatformListOfInvoiceSummary: pageFields,
  InvoiceLine: fields<Models.InvoiceLine>()({
    id: true, kind: true, description: true, subscriptionId: true, listingId: true, planId: true, quantity: true, unitAmount: true, amount: true,
  }),
  InvoiceDetail: fields<Models.Invoice>()({
    id: true, number: true, organizationName: true, periodStart: true, periodEnd: true, issuedAt: true, paidAt: true, total: true, currency: true,
    status: true, failureReason: true, lines: true,
  }),
  ListingSummary: fields<Models.ListingSummary>()({
    id: true, name: true, slug: true, providerName: true, status: true, statusReason: true, planCount: true, endpointCount: true, updatedAt: true,
  }),
  ListingStats: fields<Models.ListingStats>()({
    listingId: true, name: true, subscribers: true, calls: true, errors: true, p50LatencyMs: true, p95LatencyMs: true,
  }),
  PlatformListOfProviderListing: pageFields,
  ProviderListing: fields<Models.ProviderListing>()({ listing: true, stats: true }),
  PlatformListOfWebhookEndpointView: pageFields,
  WebhookEndpointView: fields<Models.WebhookEndpoint>()({
    id: true, url: true, description: true, allEvents: true, events: true, isEnabled: true, createdAt: true,
  }),
  CreatedWebhookEndpoint: fields<Models.CreatedWebhookEndpoint>()({ endpoint: true, secret: true }),
  WebhookDeliveryView: fields<Models.WebhookDelivery>()({
    id: true, eventId: true, eventType: true, endpointId: true, endpointUrl: true, status: true, attemptCount: true, lastStatusCode: true,
    lastError: true, createdAt: true, lastAttemptAt: true, nextAttemptAt: true,
  }),
  PlatformListOfWebhookDeliveryView: pageFields,
  ListingReviewStatus: fields<Models.ListingReviewStatus>()({
    id: true, name: true, slug: true, status: true, statusReason: true, revision: true, isInReview: true,
  }),
  ListingRevisionView: fields<Models.ListingRevision>()({
    id: true, status: true, submittedAt: true, reviewedAt: true, reason: true, changes: true, proposedFields: true, isPending: true,
  }),
  ListingInput: fields<Models.ListingFields>()({
    name: true, slug: true, summary: true, description: true, category: true, tags: true, logoUrl: true, upstreamBaseUrl: true, healthPath: true,
    version: true,
  }),
  ProposedChange: fields<Models.ProposedChange>()({ field: true, before: true, after: true }),
  ImportedOpenApi: fields<Models.ImportedOpenApi>()({ endpoints: true, title: true, version: true, listing: true }),
  CreatedPlan: fields<Models.CreatedPlan>()({ planId: true, listing: true }),
  PlanQuote: fields<Models.PlanQuote>()({
    kind: true, subscriptionId: true, listingName: true, currentPlanName: true, planId: true, planName: true, monthlyPrice: true, currency: true,
    includedCallsPerMonth: true, overagePricePer1000: true, appliesAt: true, trialEndsAt: true, firstChargeAt: true, firstChargeAmount: true,
    proratedAmount: true, appliesAtTrialEnd: true,
  }),
  SubscriptionOutcome: fields<Models.SubscriptionOutcome>()({ step: true, subscriptionId: true, quote: true, checkoutUrl: true }),
  CanceledSubscription: fields<Models.CanceledSubscription>()({ subscriptionId: true, endsAt: true }),
  PrivacyDatasetView: fields<Models.PrivacyDataset>()({
    id: true, name: true, description: true, epsilonBudget: true, deltaBudget: true, spentEpsilon: true, spentDelta: true, remainingEpsilon: true,
    remainingDelta: true, queries: true, createdAt: true, archivedAt: true,
  }),
  PrivacyMonthView: fields<Models.PrivacyMonth>()({ epsilonCap: true, spentEpsilon: true, remainingEpsilon: true, resetsAt: true }),
  PlatformListOfPrivacyDatasetView: pageFields,
  PrivacyBudgetStatus: fields<Models.PrivacyBudget>()({ dataset: true, month: true }),
  CatalogListing: fields<Models.CatalogListing>()({
    id: true, slug: true, name: true, summary: true, category: true, provider: true, version: true, averageRating: true, reviewCount: true,
    plans: true,
  }),
  CatalogPlan: fields<Models.CatalogPlan>()({
    id: true, name: true, monthlyPrice: true, currency: true, includedCallsPerMonth: true, overagePricePer1000: true, rateLimitPerSecond: true,
    rateLimitPerMinute: true, trialDays: true,
  }),
};

/** Every platform call of the SDK, against a fetch that records the requests. */
async function requestsOfEveryPlatformCall(): Promise<{ method: string; path: string; body: string | undefined }[]> {
  const org = "01a2145e-88eb-785b-b999-d7ed15a837ab";
  const other = "01a2145e-88fc-7c74-ad73-84ab00f41103";
  const calls: ((client: TrustVaultClient) => Promise<unknown>)[] = [
    (c) => c.listOrganizations(2, 10),
    (c) => c.listKeys(org),
    (c) => c.createKey(org, "name", { expiresAt: new Date(), test: true }),
    (c) => c.rotateKey(org, other, 2),
    (c) => c.revokeKey(org, other),
    (c) => c.listSubscriptions(org),
    (c) => c.getUsage(org, 7),
    (c) => c.listInvoices(org, 2, 10),
    (c) => c.getInvoice(org, other),
    (c) => c.listListings(org, 7),
    (c) => c.listWebhooks(org),
    (c) => c.createWebhook(org, "https://hooks.example.com/tv", ["key.created"], "CI"),
    (c) => c.deleteWebhook(org, other),
    (c) => c.sendTestWebhook(org, other),
    (c) => c.listWebhookDeliveries(org, 2, 10, other),
    (c) => c.resendWebhookDelivery(org, other),
    (c) => c.getUsageGroups(org, { from: "2026-10-01", to: "2026-10-30", keyId: other, listingId: other, route: "/x/v1", statusClass: "4xx" }, 2, 10),
    (c) => c.listFailedCalls(org, { from: "2026-10-01" }),
    (c) => c.getCall(org, "0190aabbccdd"),
    (c) => c.getListingCall(org, "0190aabbccdd"),
    (c) => c.createListing(org, { name: "Tides", slug: "tides", summary: "Tides.", category: "Weather" }),
    (c) => c.updateListing(org, other, { version: "2.0.0" }),
    (c) => c.importOpenApi(org, other, "openapi: 3.0.3"),
    (c) => c.createPlan(org, other, { name: "Free" }),
    (c) => c.retirePlan(org, other),
    (c) => c.submitListing(org, other),
    (c) => c.getListingReview(org, other),
    (c) => c.subscribe(org, other, true),
    (c) => c.changePlan(org, other, other),
    (c) => c.cancelSubscription(org, other),
    (c) => c.withdrawScheduledChange(org, other),
    (c) => c.listPrivacyDatasets(org),
    (c) => c.createPrivacyDataset(org, "orders", { description: "Shop orders", epsilonBudget: 5, deltaBudget: 0 }),
    (c) => c.archivePrivacyDataset(org, other),
    (c) => c.getPrivacyBudget(org, other),
    (c) => c.getCatalogListing("ai-analytics"),
  ];
  const fetch = scriptedFetch(...calls.map(() => ok({})));
  const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", personalAccessToken: "tvp_abc_def", fetch });
  for (const call of calls) {
    await call(client);
  }

  return fetch.requests.map((r) => ({ method: r.method.toLowerCase(), path: new URL(r.url).pathname + new URL(r.url).search, body: r.body }));
}

function operation(document: Document, method: string, pathAndQuery: string): { template: string; parameters: string[] } | undefined {
  const [path = "", query = ""] = pathAndQuery.split("?");
  for (const [template, operations] of Object.entries(document.paths)) {
    const pattern = new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$");
    const documented = operations[method] as { parameters?: { name: string; in: string }[] } | undefined;
    if (pattern.test(path) && documented) {
      const queryNames = (documented.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      const sent = [...new URLSearchParams(query).keys()];
      return sent.every((name) => queryNames.includes(name)) ? { template, parameters: sent } : undefined;
    }
  }

  return undefined;
}

describeLive("the OpenAPI document", () => {
  async function document(): Promise<Document> {
    const response = await fetch(new URL("/api/docs/platform.json", baseUrl));
    expect(response.status).toBe(200);
    return (await response.json()) as Document;
  }

  it("documents every operation and query parameter the SDK calls", async () => {
    const doc = await document();
    const requests = await requestsOfEveryPlatformCall();

    const undocumented = requests.filter((r) => !operation(doc, r.method, r.path)).map((r) => `${r.method.toUpperCase()} ${r.path}`);

    expect(undocumented).toEqual([]);
    // And the SDK covers the whole platform API.
    const used = new Set(requests.map((r) => `${r.method} ${operation(doc, r.method, r.path)?.template}`));
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    expect(documented.filter((o) => !used.has(o))).toEqual([]);
  });

  it("documents the request bodies the SDK sends", async () => {
    const doc = await document();
    const requests = await requestsOfEveryPlatformCall();

    for (const [name, request] of [["CreateKeyRequest", requests[2]], ["RotateKeyRequest", requests[3]], ["CreateEndpointRequest", requests[11]], ["CreateDatasetRequest", requests[32]]] as const) {
      const schema = doc.components.schemas[name];
      const sent = Object.keys(JSON.parse(request?.body ?? "{}") as object);
      expect(sent.filter((field) => !(field in (schema?.properties ?? {}))), name).toEqual([]);
      expect((schema?.required ?? []).filter((field) => !sent.includes(field)), name).toEqual([]);
    }
  });

  it("has every field of the SDK's types in their schemas, and the SDK's types have every required field", async () => {
    const doc = await document();

    for (const [name, sdkFields] of Object.entries(typesBySchema)) {
      const schema = doc.components.schemas[name];
      expect(schema, `schema ${name}`).toBeDefined();
      const documented = Object.keys(schema?.properties ?? {});
      expect(sdkFields.filter((f) => !documented.includes(f)), `${name}: SDK fields not in the document`).toEqual([]);
      // InvoiceLine's extra ids (invoiceId, providerOrganizationId) are server detail the SDK leaves out, as the C# one does.
      const required = (schema?.required ?? []).filter((f) => !sdkFields.includes(f));
      expect(required, `${name}: required fields missing from the SDK type`).toEqual([]);
    }
  });
});
