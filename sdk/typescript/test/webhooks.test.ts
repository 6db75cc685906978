import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "../src/index.js";

// Signed as the README's recipe says, with Node's own HMAC rather than the SDK's Web Crypto path.
function sign(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

describe("verifyWebhookSignature", () => {
  const secret = "whsec_test_0123456789abcdef";
  const body = JSON.stringify({ id: "evt_1", type: "key.created", data: { name: "CI key" } });
  const sentAt = 1_764_000_000;
  const now = sentAt * 1000 + 30_000;

  it("accepts a fresh delivery signed with the endpoint's secret, as text or bytes", async () => {
    const header = sign(secret, sentAt, body);
    expect(await verifyWebhookSignature(secret, body, header, { now })).toBe(true);
    expect(await verifyWebhookSignature(secret, new TextEncoder().encode(body), header, { now })).toBe(true);
  });

  it("refuses a changed body, another secret, a stale timestamp or a missing header", async () => {
    const header = sign(secret, sentAt, body);
    expect(await verifyWebhookSignature(secret, body.replace("CI key", "CI kez"), header, { now })).toBe(false);
    expect(await verifyWebhookSignature("whsec_other", body, header, { now })).toBe(false);
    expect(await verifyWebhookSignature(secret, body, header, { now: (sentAt + 301) * 1000 })).toBe(false);
    expect(await verifyWebhookSignature(secret, body, header, { now: (sentAt + 3600) * 1000, toleranceSeconds: 7200 })).toBe(true);
    expect(await verifyWebhookSignature(secret, body, null, { now })).toBe(false);
    expect(await verifyWebhookSignature(secret, body, `t=${sentAt}`, { now })).toBe(false);
  });
});
