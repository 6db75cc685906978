import { describe, expect, it } from "vitest";
import { fromBase64, PaillierKeyPair, PaillierPublicKey, PaillierRandomizerPool, toBase64, TrustVaultClient } from "../src/index.js";
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

  it("decrypts independently computed vectors and writes them in the compact encoding", () => {
    // p = 2⁶⁴ − 59, q = 2⁶⁴ − 83, r = 123456789: c = (1 + m·n)·rⁿ mod n² and its base64, computed with Python's own
    // integers independently of this SDK (the Python and Go SDKs' tests share these vectors).
    const vectors = new PaillierKeyPair(18446744073709551557n, 18446744073709551533n);
    const c42 = 34784686208829151519554994446395177593265734596204670709241952588526792202577n;
    const cMinus300 = 52919873050390545938759878253598247956505307357326203813391616252709735856730n;

    expect(vectors.decrypt(c42)).toBe(42n);
    expect(vectors.decrypt(cMinus300)).toBe(-300n);
    expect(toBase64(vectors.publicKey.n)).toBe("/////////3IAAAAAAAATIQ==");
    expect(toBase64(c42)).toBe("TOdvSFrvDKAWztN/0seg/979OOv62xpAOviG5zjT2VE=");
    expect(fromBase64("TOdvSFrvDKAWztN/0seg/979OOv62xpAOviG5zjT2VE=")).toBe(c42);
    expect(toBase64(vectors.publicKey.add(c42, cMinus300))).toBe("UEwYjtjIluM+DIpzDzROZojKU1unKNI/pK0Z+rcHdtI=");
    expect(vectors.decrypt(fromBase64("UEwYjtjIluM+DIpzDzROZojKU1unKNI/pK0Z+rcHdtI="))).toBe(-258n);
    expect(() => fromBase64("not base64!")).toThrow(SyntaxError);
  });

  it("encrypts with the key pair's CRT randomizer and the public key alike", () => {
    for (const value of [0n, 42n, -300n]) {
      expect(keys.decrypt(keys.encrypt(value))).toBe(value);
      expect(keys.decrypt(keys.publicKey.encrypt(value))).toBe(value);
    }
    // Decryption gives m back only when c·g⁻ᵐ is an n-th residue, so this also checks the CRT randomizer is one.
    expect(keys.decrypt(keys.publicKey.encryptWith(7n, keys.randomizer()))).toBe(7n);
  });

  it("hands out each pooled randomizer once and computes more when the pool is empty", () => {
    for (const pool of [new PaillierRandomizerPool(keys), new PaillierRandomizerPool(keys.publicKey)]) {
      pool.fill(2);
      expect(pool.available).toBe(2);

      const ciphertexts = [pool.encrypt(5n), pool.encrypt(5n), pool.encrypt(5n)];

      expect(pool.available).toBe(0);
      expect(new Set(ciphertexts).size).toBe(3);
      expect(keys.decrypt(ciphertexts.reduce((a, b) => keys.publicKey.add(a, b)))).toBe(15n);
    }
  });

  it("sends the privacy API's encrypted sum in base64 and reads the answer back", async () => {
    const c1 = keys.encrypt(2n);
    const c2 = keys.encrypt(3n);
    const summed = keys.publicKey.add(c1, c2);
    const fetch = scriptedFetch(ok({ ciphertext: toBase64(summed), count: 2 }));
    const client = new TrustVaultClient({ baseUrl: "http://trustvault.test", apiKey: "tv_live_x_y", fetch });

    const sum = await client.paillierSum(keys.publicKey, [c1, c2]);

    expect(keys.decrypt(sum)).toBe(5n);
    expect(fetch.requests[0]?.url).toBe("http://trustvault.test/gw/privacy-analytics/v1/paillier/sum");
    expect(JSON.parse(fetch.requests[0]?.body ?? "")).toEqual({
      publicKey: { n: toBase64(keys.publicKey.n) },
      ciphertexts: [toBase64(c1), toBase64(c2)],
      encoding: "base64",
    });
  });
});
