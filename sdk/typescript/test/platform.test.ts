import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { TrustVaultApiError } from "../src/index.js";
import { describeLive, gateway, globex, platform } from "./live.js";

const analytics = "ai-analytics";

async function rejection(promise: Promise<unknown>): Promise<TrustVaultApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrustVaultApiError);
  return error as TrustVaultApiError;
}

/** Waits for the usage recorder, which writes calls in the background, to count what a test did. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) {
      return value;
    }

    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// The SDK against the running app: the platform API with the demo customer's token, the gateway with a key it creates.
describeLive("platform API and gateway", () => {
  it("creates a key that calls a first-party API through the gateway, and the call shows in usage", async () => {
    const client = platform();
    const organization = await globex(client);
    expect(organization.role).toBe("Owner");
    const subscription = (await client.listSubscriptions(organization.organizationId)).items.find((s) => s.listingSlug === analytics);
    expect(subscription?.status).toBe("Active");
    const before = await client.getUsage(organization.organizationId, 1);
    const usedBefore = before.quotas.find((q) => q.subscriptionId === subscription?.id)?.used ?? 0;

    const issued = await client.createKey(organization.organizationId, "ts sdk test key");
    expect(issued.secret.startsWith("tv_live_")).toBe(true);
    expect((await client.listKeys(organization.organizationId)).items.some((k) => k.id === issued.key.id && k.isUsable)).toBe(true);
    const ping = await gateway(issued.secret).getJson<{ status: string; api: string }>(analytics, "/v1/ping");
    expect(ping).toMatchObject({ status: "ok", api: analytics });

    const after = await eventually(
      () => client.getUsage(organization.organizationId, 1),
      (usage) => usage.usage.calls > before.usage.calls,
    );
    expect(after.usage.calls).toBeGreaterThan(before.usage.calls);
    expect(after.usage.daily.some((d) => d.listingId === subscription?.listingId && d.calls > 0)).toBe(true);
    const quota = after.quotas.find((q) => q.subscriptionId === subscription?.id);
    expect(quota?.used).toBeGreaterThan(usedBefore);
    expect(quota?.remaining).toBe(Math.max(0, (quota?.included ?? 0) - (quota?.used ?? 0)));
  });

  it("waits out the gateway's per-second rate limit so a burst of calls all succeed", async () => {
    const client = platform();
    const organization = await globex(client);
    const issued = await client.createKey(organization.organizationId, "ts sdk burst key");
    const caller = gateway(issued.secret);

    // The demo plan allows 2 calls a second: the rest get 429 with Retry-After and are sent again.
    const answers = await Promise.all(Array.from({ length: 5 }, () => caller.getJson<{ status: string }>(analytics, "/v1/ping")));

    expect(answers.map((a) => a.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });

  it("rotates a key to a new secret while the old key stays listed", async () => {
    const client = platform();
    const organization = await globex(client);
    const issued = await client.createKey(organization.organizationId, "ts sdk rotated key");

    const replacement = await client.rotateKey(organization.organizationId, issued.key.id, 1);

    expect(replacement.secret).not.toBe(issued.secret);
    const keys = (await client.listKeys(organization.organizationId)).items;
    expect(keys.some((k) => k.id === issued.key.id)).toBe(true);
    expect(keys.some((k) => k.id === replacement.key.id && k.isUsable)).toBe(true);
  });

  it("revokes a key, which the gateway then refuses with a 401 problem", async () => {
    const client = platform();
    const organization = await globex(client);
    const issued = await client.createKey(organization.organizationId, "ts sdk revoked key");

    await client.revokeKey(organization.organizationId, issued.key.id);

    const error = await rejection(gateway(issued.secret).call(analytics, "GET", "/v1/ping"));
    expect(error.status).toBe(401);
    expect(error.problem.status).toBe(401);
  });

  it("lists subscriptions and pages of invoices", async () => {
    const client = platform();
    const organization = await globex(client);

    const subscriptions = (await client.listSubscriptions(organization.organizationId)).items;
    const invoices = await client.listInvoices(organization.organizationId, 1, 5);

    expect(subscriptions.map((s) => s.listingSlug)).toEqual(expect.arrayContaining(["ai-analytics", "skycast-weather", "geopoint-geocoding"]));
    expect(subscriptions.every((s) => s.period.start < s.period.end)).toBe(true);
    expect(invoices).toMatchObject({ page: 1, pageSize: 5 });
    expect(invoices.items.length).toBeLessThanOrEqual(5);
    // The demo seed bills the months before its first start, as the monthly job would have.
    const first = invoices.items[0]!;
    const invoice = await client.getInvoice(organization.organizationId, first.id);
    expect(invoice.number).toBe(first.number);
    expect(invoice.lines.length).toBeGreaterThan(0);

    expect((await rejection(client.getInvoice(organization.organizationId, randomUUID()))).status).toBe(404);
  });

  it("gets a catalog listing whose plan ids are the ones subscribing uses; an unknown slug is a 404", async () => {
    const client = platform();
    const organization = await globex(client);
    const subscription = (await client.listSubscriptions(organization.organizationId)).items.find((s) => s.listingSlug === analytics)!;

    const listing = await client.getCatalogListing(analytics);

    expect([listing.slug, listing.id]).toEqual([analytics, subscription.listingId]);
    expect(listing.plans.some((p) => p.monthlyPrice === 0)).toBe(true);
    // The demo customer subscribed to one of them: the catalog's plan ids are the ones subscribe takes.
    expect(listing.plans.map((p) => p.id)).toContain(subscription.planId);
    expect((await rejection(client.getCatalogListing("no-such-api"))).status).toBe(404);
  });

  it("registers a webhook endpoint, queues a test event to it, then deletes it; a private address is refused", async () => {
    const client = platform();
    const organization = (await globex(client)).organizationId;

    const refused = await rejection(client.createWebhook(organization, "https://10.0.0.5/hooks"));
    const created = await client.createWebhook(organization, "https://hooks.example.com/trustvault", ["key.created", "key.revoked"], "ts sdk test");
    const eventId = await client.sendTestWebhook(organization, created.endpoint.id);
    const deliveries = await client.listWebhookDeliveries(organization, 1, 20, created.endpoint.id);
    await client.deleteWebhook(organization, created.endpoint.id);

    expect(refused.status).toBe(400);
    expect(Object.keys(refused.errors ?? {}).map((k) => k.toLowerCase())).toContain("url");
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.endpoint.events).toEqual(["key.created", "key.revoked"]);
    expect(deliveries.items.map((d) => [d.eventId, d.eventType])).toEqual([[eventId, "ping"]]);
    expect((await client.listWebhooks(organization)).items.map((e) => e.id)).not.toContain(created.endpoint.id);
  });

  it("registers a privacy dataset, spends its budget with a differentially private count through the gateway, then archives it", async () => {
    const client = platform();
    const organization = (await globex(client)).organizationId;
    const demoKey = "tv_live_globexdemo26_DemoKeyForTheReadme-NeverUseInProduction";

    const dataset = await client.createPrivacyDataset(organization, `ts sdk ${randomUUID()}`, { epsilonBudget: 2, deltaBudget: 0 });
    const count = await gateway(demoKey).postJson<{ value: number; dataset: string; budget: { remainingEpsilon: number } }>(
      "privacy-analytics", "/v1/dp/count", { dataset: dataset.id, values: [1, 2, 3], mechanism: "laplace", epsilon: 0.5 });
    const budget = await client.getPrivacyBudget(organization, dataset.id);
    await client.archivePrivacyDataset(organization, dataset.id);
    const archived = await rejection(
      gateway(demoKey).postJson("privacy-analytics", "/v1/dp/count", { dataset: dataset.id, values: [1], mechanism: "laplace", epsilon: 0.5 }));

    expect(count.dataset).toBe(dataset.id);
    expect(count.budget.remainingEpsilon).toBeCloseTo(1.5, 9);
    expect([budget.dataset.queries, budget.dataset.spentEpsilon]).toEqual([1, 0.5]);
    expect(budget.month.spentEpsilon).toBeGreaterThanOrEqual(0.5);
    expect(archived.status).toBe(409);
    expect((await client.listPrivacyDatasets(organization)).items.find((d) => d.id === dataset.id)?.archivedAt).toBeTruthy();
  });

  it("lists no listings for an organization that provides none", async () => {
    const client = platform();
    const organization = await globex(client);

    expect((await client.listListings(organization.organizationId, 7)).items).toEqual([]);
  });

  it("surfaces an invalid token as a 401 error with the problem's title and detail", async () => {
    const error = await rejection(platform("tvp_000000000000_nope").listOrganizations());

    expect(error.status).toBe(401);
    expect(error.title).toBe("Unauthorized");
    expect(error.detail).toMatch(/unknown, expired or revoked/);
    expect(error.message.startsWith("401 Unauthorized")).toBe(true);
  });

  it("drills usage down by day, key, endpoint and status class, and finds a failed call by its request id", async () => {
    const client = platform();
    const organization = await globex(client);

    const groups = await client.getUsageGroups(organization.organizationId, {}, 1, 100);
    const failed = await client.listFailedCalls(organization.organizationId, { statusClass: "5xx" }, 1, 5);

    // The demo seed gives Globex two weeks of calls, a few of them 500s.
    expect(groups.total).toBeGreaterThan(0);
    expect(groups.items.every((g) => /^\d{4}-\d{2}-\d{2}$/.test(g.day) && ["2xx", "3xx", "4xx", "5xx"].includes(g.statusClass))).toBe(true);
    const first = failed.items[0];
    expect(first?.status).toBeGreaterThanOrEqual(500);
    const call = await client.getCall(organization.organizationId, first!.requestId);
    expect(call).toMatchObject({ requestId: first!.requestId, status: first!.status, keyName: first!.keyName, organization: organization.name });
    expect((await rejection(client.getCall(organization.organizationId, "no-such-request"))).status).toBe(404);
    // Globex provides no listing, so the provider's lookup finds nothing, not even its own call.
    expect((await rejection(client.getListingCall(organization.organizationId, first!.requestId))).status).toBe(404);
    const badRange = await rejection(client.getUsageGroups(organization.organizationId, { from: "2026-02-01", to: "2026-01-01" }));
    expect(badRange.status).toBe(400);
    expect(badRange.errors["from"]).toBeDefined();
  });

  it("surfaces invalid input as a 400 error naming the field", async () => {
    const client = platform();
    const organization = await globex(client);

    const error = await rejection(client.getUsage(organization.organizationId, 365));

    expect(error.status).toBe(400);
    expect(error.errors["days"]?.[0]).toMatch(/90/);
  });

  it("surfaces an organization the user is not in as a 404 error", async () => {
    const error = await rejection(platform().listKeys(randomUUID()));

    expect(error.status).toBe(404);
    expect(error.title).toBeTruthy();
    expect(error.detail).toBeTruthy();
  });

  it("surfaces a listing the organization does not subscribe to as a 403 error", async () => {
    const client = platform();
    const organization = await globex(client);
    const issued = await client.createKey(organization.organizationId, "ts sdk unsubscribed key");

    const error = await rejection(gateway(issued.secret).call("onchain-analytics", "GET", "/v1/ping"));

    expect(error.status).toBe(403);
    expect(error.title).toBe("No subscription");
  });
  it("quotes before it changes a plan, and refuses the current plan, another organization's subscription and publishing without provider terms", async () => {
    const client = platform();
    const organization = await globex(client);
    const subscription = (await client.listSubscriptions(organization.organizationId)).items.find((s) => s.listingSlug === analytics)!;

    const current = await rejection(client.changePlan(organization.organizationId, subscription.id, subscription.planId, true));
    const again = await rejection(client.subscribe(organization.organizationId, subscription.planId));
    const unknown = await rejection(client.cancelSubscription(organization.organizationId, randomUUID()));
    const listing = await rejection(client.createListing(organization.organizationId, { name: "Tides", slug: "ts-sdk-tides", summary: "Tides.", category: "Weather" }));
    const reviews = await Promise.all([
      rejection(client.getListingReview(organization.organizationId, randomUUID())),
      rejection(client.updateListing(organization.organizationId, randomUUID(), { version: "2.0.0" })),
    ]);
    const calls = [
      client.importOpenApi(organization.organizationId, randomUUID(), "openapi: 3.0.3"),
      client.createPlan(organization.organizationId, randomUUID(), { name: "Free" }),
      client.submitListing(organization.organizationId, randomUUID()),
      client.retirePlan(organization.organizationId, randomUUID()),
    ];
    const provider = await Promise.all(calls.map((call) => rejection(call)));

    expect([current.status, current.errors["planId"]?.[0]]).toEqual([400, "This is your current plan."]);
    expect(again.errors["planId"]).toBeDefined();
    expect([unknown.status, unknown.detail]).toEqual([404, "The subscription does not exist."]);
    expect([listing.status, listing.detail]).toEqual([403, "Accept the provider terms before publishing listings."]);
    expect(reviews.map((e) => [e.status, e.detail])).toEqual(Array(2).fill([404, "The listing does not exist."]));
    expect(provider.map((e) => e.detail)).toEqual(Array(4).fill("Accept the provider terms before publishing listings."));
  });
});
