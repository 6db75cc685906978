import { webCrypto } from "./webcrypto.js";

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` on every webhook delivery. */
export const WEBHOOK_SIGNATURE_HEADER = "TrustVault-Signature";

export interface VerifyWebhookOptions {
  /** How far the signed time may be from now, in seconds; older deliveries are refused as replays. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch; for tests. */
  now?: number;
}

/**
 * Checks a webhook delivery against the endpoint's signing secret (`whsec_…`): the HMAC over the raw body,
 * exactly as received, and the freshness of its timestamp. Uses Web Crypto, so it runs on Node.js 18+ and
 * in workers alike.
 */
export async function verifyWebhookSignature(
  secret: string,
  rawBody: string | Uint8Array,
  signatureHeader: string | null | undefined,
  options: VerifyWebhookOptions = {},
): Promise<boolean> {
  const parts = new Map(
    (signatureHeader ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = parts.get("t");
  const signature = parts.get("v1");
  if (!timestamp || !/^\d+$/.test(timestamp) || !signature) {
    return false;
  }

  const now = (options.now ?? Date.now()) / 1000;
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) {
    return false;
  }

  const encoder = new TextEncoder();
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;
  const signed = new Uint8Array([...encoder.encode(`${timestamp}.`), ...body]);
  const key = await webCrypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const expected = new Uint8Array(await webCrypto.subtle.sign("HMAC", key, signed));
  return constantTimeEquals(toHex(expected), signature.toLowerCase());
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares every character whatever the first difference, so timing tells nothing about the signature. */
function constantTimeEquals(a: string, b: string): boolean {
  if (a.length !== b.length) {
    return false;
  }

  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  }

  return difference === 0;
}
