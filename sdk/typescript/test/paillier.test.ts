import { describe, expect, it } from "vitest";
import { PaillierKeyPair, PaillierPublicKey, TrustVaultClient } from "../src/index.js";
import { ok, scriptedFetch } from "./stub.js";

describe("Paillier", () => {
  // 512 bits keeps key generation quick; the arithmetic is the same at 2048.
  const keys = PaillierKeyPair.generate(512);

  it("decrypts what it encrypted, negative values included", () => {
    for (const value of [0n, 1n, 42n, -300n, 7_000_000_000n]) {
      expect(keys.decrypt(keys.encrypt(value))).toBe(value);
    }
  });

  it("encrypts the same value differently each time", () => {
    expect(keys.encrypt(5n)).not.toBe(keys.encrypt(5n));
  });

  it("adds plaintexts by multiplying ciphertexts", () => {
    const values = [1_250n, -300n, 7_000_000_000n, 0n, 42n];

    const sum = values.map((v) => keys.publicKey.encrypt(v)).reduce((a, b) => keys.publicKey.add(a, b));

    expect(keys.decrypt(sum)).toBe(values.reduce((a, b) => a + b));
  });

  it("makes moduli of the requested size", () => {
    expect(keys.publicKey.n.toString(2)).toHaveLength(512);
  });

  it("refuses a ciphertext outside the key's range", () => {
    expect(() => keys.decrypt(0n)).toThrow(RangeError);
    expect(() => keys.decrypt(keys.publicKey.nSquared)).toThrow(RangeError);
  });

  it("reads a public key from decimal digits and refuses anything else", () => {
    expect(PaillierPublicKey.fromDecimalString(keys.publicKey.n.toString()).n).toBe(keys.publicKey.n);
    expect(() => PaillierPublicKey.fromDecimalString("0x1f")).toThrow(SyntaxError);
    expect(() => new PaillierPublicKey(10n)).toThrow(RangeError);
  });

  it("sends the privacy API's encrypted sum as decimal strings and reads the answer back", async () => {
    const c1 = keys.encrypt(2n);
    const c2 = keys.encrypt(3n);
    const summed = keys.publicKey.add(c1, c2);
    const fetch = scriptedFetch(ok({ ciphertext: summed.toString(), count: 2 }));
    const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", apiKey: "tv_live_x_y", fetch });

    const sum = await client.paillierSum(keys.publicKey, [c1, c2]);

    expect(keys.decrypt(sum)).toBe(5n);
    expect(fetch.requests[0]?.url).toBe("http://trustvault.test/gw/privacy-analytics/v1/paillier/sum");
    expect(JSON.parse(fetch.requests[0]?.body ?? "")).toEqual({
      publicKey: { n: keys.publicKey.n.toString() },
      ciphertexts: [c1.toString(), c2.toString()],
    });
  });
});
