import { describe, expect, it } from "vitest";
import { TrustVaultApiError, TrustVaultClient, type TrustVaultClientOptions } from "../src/index.js";
import { ok, problem, rateLimited, scriptedFetch } from "./stub.js";

// The SDK's handling of 429 against a scripted fetch: waits out Retry-After within its bounds, never a used-up monthly quota.
describe("429 retries", () => {
  const waits: number[] = [];

  function client(fetch: typeof globalThis.fetch, options: Partial<TrustVaultClientOptions> = {}): TrustVaultClient {
    waits.length = 0;
    return new TrustVaultClient({
      baseUrl: "http://trustvault.test",
      apiKey: "tv_test_key",
      fetch,
      delay: async (ms) => {
        waits.push(ms);
      },
      ...options,
    });
  }

  it("waits the Retry-After seconds and sends the same body again", async () => {
    const fetch = scriptedFetch(rateLimited("2"), ok({ ciphertext: "7", count: 1 }));

    const result = await client(fetch).postJson<{ ciphertext: string }>("privacy-analytics", "/v1/paillier/sum", { value: 42 });

    expect(result.ciphertext).toBe("7");
    expect(waits).toEqual([2_000]);
    expect(fetch.requests).toHaveLength(2);
    for (const request of fetch.requests) {
      expect(request.url).toBe("http://trustvault.test/gw/privacy-analytics/v1/paillier/sum");
      expect(request.method).toBe("POST");
      expect(request.body).toBe('{"value":42}');
      expect(request.headers.get("X-Api-Key")).toBe("tv_test_key");
      expect(request.headers.get("Content-Type")).toBe("application/json");
    }
  });

  it("waits until a Retry-After HTTP date", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const fetch = scriptedFetch(rateLimited(new Date(now.getTime() + 3_000).toUTCString()), ok({}));

    const response = await client(fetch, { now: () => now }).call("ai-analytics", "GET", "/v1/ping");

    expect(response.status).toBe(200);
    expect(waits).toEqual([3_000]);
  });

  it("retries a Retry-After date already past at once", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const fetch = scriptedFetch(rateLimited("Wed, 25 Nov 2026 11:59:00 GMT"), ok({}));

    await client(fetch, { now: () => now }).call("ai-analytics", "GET", "/v1/ping");

    expect(waits).toEqual([0]);
  });

  it("waits the default when a 429 names no Retry-After", async () => {
    const fetch = scriptedFetch(problem(429, "Too many requests", "Slow down."), ok({}));

    await client(fetch, { defaultRetryWaitMs: 250 }).call("ai-analytics", "GET", "/v1/ping");

    expect(waits).toEqual([250]);
  });

  it("does not retry a used-up monthly quota", async () => {
    const quota = problem(429, "Monthly quota used up", "All 1,000 calls of this month's plan are used.", {
      "Retry-After": String(5 * 24 * 3600),
      "X-Quota-Remaining": "0",
    });
    const fetch = scriptedFetch(quota, ok({}));

    const error = await client(fetch).call("ai-analytics", "GET", "/v1/ping").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrustVaultApiError);
    const apiError = error as TrustVaultApiError;
    expect(apiError.status).toBe(429);
    expect(apiError.title).toBe("Monthly quota used up");
    expect(apiError.retryAfterMs).toBe(5 * 24 * 3600 * 1_000);
    expect(fetch.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("does not retry an exhausted privacy budget, a 403 that no wait can change", async () => {
    const exhausted = problem(
      403,
      "Privacy budget exhausted",
      "The privacy budget of dataset 'orders' does not cover this query.",
      {},
      { type: "https://trustvault.dev/problems/privacy-budget-exhausted", dataset: "orders", remainingEpsilon: 0.5, remainingDelta: 0 },
    );
    const fetch = scriptedFetch(exhausted, ok({}));

    const error = await client(fetch)
      .postJson("privacy-analytics", "/v1/dp/count", { dataset: "orders", values: [1, 2], mechanism: "laplace", epsilon: 1 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrustVaultApiError);
    const apiError = error as TrustVaultApiError;
    expect(apiError.status).toBe(403);
    expect(apiError.type).toBe("https://trustvault.dev/problems/privacy-budget-exhausted");
    expect(apiError.problem).toMatchObject({ dataset: "orders", remainingEpsilon: 0.5 });
    expect(fetch.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("throws at once when Retry-After is longer than the longest wait", async () => {
    const fetch = scriptedFetch(rateLimited("300"), ok({}));

    const error = (await client(fetch, { maxRetryWaitMs: 10_000 }).call("ai-analytics", "GET", "/v1/ping").catch((e: unknown) => e)) as TrustVaultApiError;

    expect(error.retryAfterMs).toBe(300_000);
    expect(fetch.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("stops after the configured attempts with the last problem", async () => {
    const fetch = scriptedFetch(...Array.from({ length: 5 }, () => rateLimited("1")));

    const error = (await client(fetch, { maxAttempts: 3 }).call("ai-analytics", "GET", "/v1/ping").catch((e: unknown) => e)) as TrustVaultApiError;

    expect(error).toBeInstanceOf(TrustVaultApiError);
    expect(error.status).toBe(429);
    expect(error.title).toBe("Rate limit exceeded");
    expect(error.message).toBe("429 Rate limit exceeded: Your plan allows 2 requests per second.");
    expect(fetch.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  it("does not retry other errors", async () => {
    const fetch = scriptedFetch(problem(503, "Upstream unavailable", "The provider did not answer.", { "Retry-After": "1" }), ok({}));

    const error = (await client(fetch).call("skycast-weather", "GET", "/v1/now").catch((e: unknown) => e)) as TrustVaultApiError;

    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(1_000);
    expect(fetch.requests).toHaveLength(1);
  });
});

describe("requests and errors", () => {
  it("refuses a gateway call without an API key before sending", async () => {
    const fetch = scriptedFetch(ok({}));
    const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", personalAccessToken: "tvp_x_y", fetch });

    await expect(client.call("ai-analytics", "GET", "/v1/ping")).rejects.toThrow(/API key/);
    expect(fetch.requests).toEqual([]);
  });

  it("refuses a platform call without a token before sending", async () => {
    const fetch = scriptedFetch(ok([]));
    const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", apiKey: "tv_live_x_y", fetch });

    await expect(client.listOrganizations()).rejects.toThrow(/personal access token/);
    expect(fetch.requests).toEqual([]);
  });

  it("sends the token as a Bearer and keeps a base URL's path prefix", async () => {
    const fetch = scriptedFetch(ok([]));
    const client = new TrustVaultClient({ baseUrl: "https://example.com/trustvault", personalAccessToken: "tvp_abc_def", fetch });

    await client.listOrganizations();

    expect(fetch.requests[0]?.url).toBe("https://example.com/trustvault/api/v1/organizations?page=1&pageSize=20");
    expect(fetch.requests[0]?.headers.get("Authorization")).toBe("Bearer tvp_abc_def");
  });

  it("describes an error answer that is not problem+json by its status and text", async () => {
    const fetch = scriptedFetch(new Response("upstream exploded", { status: 502, statusText: "Bad Gateway" }));
    const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", apiKey: "tv_live_x_y", fetch });

    const error = (await client.call("ai-analytics", "GET", "/v1/ping").catch((e: unknown) => e)) as TrustVaultApiError;

    expect(error.status).toBe(502);
    expect(error.title).toBe("Bad Gateway");
    expect(error.detail).toBe("upstream exploded");
    expect(error.errors).toEqual({});
    expect(error.retryAfterMs).toBeUndefined();
  });

  it("carries a validation problem's errors per field", async () => {
    const fetch = scriptedFetch(problem(400, "Invalid input", "See errors.", {}, { errors: { pageSize: ["Choose 1 to 100 invoices a page."] } }));
    const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", personalAccessToken: "tvp_abc_def", fetch });

    const error = (await client.listInvoices("org", 1, 500).catch((e: unknown) => e)) as TrustVaultApiError;

    expect(fetch.requests[0]?.url).toBe("http://trustvault.test/api/v1/organizations/org/invoices?page=1&pageSize=500");
    expect(error.errors["pageSize"]).toEqual(["Choose 1 to 100 invoices a page."]);
  });

  it("escapes the catalog slug", async () => {
    const fetch = scriptedFetch(ok({ slug: "a-b", plans: [] }));
    const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", personalAccessToken: "tvp_abc_def", fetch });

    await client.getCatalogListing("a/b c");

    expect(fetch.requests[0]?.url).toBe("http://trustvault.test/api/v1/catalog/a%2Fb%20c");
  });
});
