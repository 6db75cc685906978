import { webCrypto } from "./webcrypto.js";

/**
 * A Paillier public key (Paillier, "Public-Key Cryptosystems Based on Composite Degree Residuosity Classes", EUROCRYPT
 * 1999) with g = n + 1, the form the privacy API expects. Encrypt values with it, send the ciphertexts to
 * `TrustVaultClient.paillierSum`, and decrypt the sum with the {@link PaillierKeyPair}.
 */
export class PaillierPublicKey {
  readonly n: bigint;
  readonly nSquared: bigint;

  constructor(n: bigint) {
    if (n < 3n || n % 2n === 0n) {
      throw new RangeError("A Paillier modulus is an odd product of two primes.");
    }

    this.n = n;
    this.nSquared = n * n;
  }

  /** Reads n as the privacy API writes it: decimal digits. */
  static fromDecimalString(n: string): PaillierPublicKey {
    if (!/^\d+$/.test(n)) {
      throw new SyntaxError("n is written as decimal digits.");
    }

    return new PaillierPublicKey(BigInt(n));
  }

  /** g^m·rⁿ mod n² for a fresh random r; negative values wrap modulo n and decrypt back to negative. */
  encrypt(message: bigint): bigint {
    return this.encryptWith(message, this.randomizer());
  }

  /** A fresh rⁿ mod n² for a uniform r in Z*_n: the costly half of an encryption, which a {@link PaillierRandomizerPool} computes ahead of time. */
  randomizer(): bigint {
    return modPow(this.randomUnit(), this.n, this.nSquared);
  }

  /** g^m·randomizer mod n² for a randomizer rⁿ mod n² that must never be used twice. */
  encryptWith(message: bigint, randomizer: bigint): bigint {
    const m = ((message % this.n) + this.n) % this.n;
    // g^m = (1 + n)^m = 1 + m·n (mod n²), by the binomial theorem: no exponentiation needed.
    const gm = (1n + m * this.n) % this.nSquared;
    return (gm * randomizer) % this.nSquared;
  }

  /** The ciphertext of the sum of two plaintexts, as the server computes it. */
  add(a: bigint, b: bigint): bigint {
    return (a * b) % this.nSquared;
  }

  private randomUnit(): bigint {
    for (;;) {
      const r = randomBelow(this.n);
      if (r > 1n && gcd(r, this.n) === 1n) {
        return r;
      }
    }
  }
}

/** A Paillier key pair: decrypts with λ = lcm(p − 1, q − 1) and μ = λ⁻¹ mod n, which g = n + 1 allows (Paillier 1999, §3). */
export class PaillierKeyPair {
  readonly publicKey: PaillierPublicKey;
  private readonly lambda: bigint;
  private readonly mu: bigint;
  private readonly pSquared: bigint;
  private readonly qSquared: bigint;
  private readonly pSquaredInverse: bigint;

  /** The key pair of the primes p and q, e.g. to decrypt with a stored key; {@link generate} makes fresh ones. */
  constructor(
    private readonly p: bigint,
    private readonly q: bigint,
  ) {
    if (p === q || p < 3n || q < 3n || gcd(p * q, (p - 1n) * (q - 1n)) !== 1n) {
      throw new RangeError("p and q must be distinct odd primes with gcd(pq, (p−1)(q−1)) = 1.");
    }

    this.publicKey = new PaillierPublicKey(p * q);
    this.lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    this.mu = modInverse(this.lambda % this.publicKey.n, this.publicKey.n);
    this.pSquared = p * p;
    this.qSquared = q * q;
    this.pSquaredInverse = modInverse(this.pSquared, this.qSquared);
  }

  /** @param bits Size of n: 2048 for real use; the privacy API accepts 1024 to 4096. */
  static generate(bits = 2048): PaillierKeyPair {
    if (!Number.isInteger(bits) || bits < 64 || bits > 8192 || bits % 2 !== 0) {
      throw new RangeError("Choose an even size from 64 to 8192 bits (2048 for real use).");
    }

    for (;;) {
      const p = randomPrime(bits / 2);
      const q = randomPrime(bits / 2);
      // gcd(pq, (p−1)(q−1)) = 1 holds for distinct primes of equal size; checking costs little.
      if (p !== q && gcd(p * q, (p - 1n) * (q - 1n)) === 1n) {
        return new PaillierKeyPair(p, q);
      }
    }
  }

  /** Encrypts with the primes' shortcut for rⁿ ({@link randomizer}); the ciphertext is distributed as a public-key one. */
  encrypt(message: bigint): bigint {
    return this.publicKey.encryptWith(message, this.randomizer());
  }

  /**
   * A uniformly random n-th residue mod n², as rⁿ for a uniform r ∈ Z*_n, about four times faster with p and q. By the
   * Chinese remainder theorem Z*_{n²} ≅ Z*_{p²} × Z*_{q²}, and the n-th residues mod p² are exactly {x^p mod p² : x ∈ Z*_p};
   * so one uniform x mod p and one y mod q, raised to p and q modulo p² and q², replace a full-size exponent modulo n².
   */
  randomizer(): bigint {
    const residueP = modPow(randomBelow(this.p - 1n) + 1n, this.p, this.pSquared);
    const residueQ = modPow(randomBelow(this.q - 1n) + 1n, this.q, this.qSquared);
    // Garner: s ≡ residueP (mod p²), s ≡ residueQ (mod q²).
    const lift = ((((residueQ - residueP) % this.qSquared) * this.pSquaredInverse) % this.qSquared + this.qSquared) % this.qSquared;
    return residueP + lift * this.pSquared;
  }

  /** L(c^λ mod n²)·μ mod n, returned in (−n/2, n/2] so encrypted negative numbers come back negative. */
  decrypt(ciphertext: bigint): bigint {
    const { n, nSquared } = this.publicKey;
    if (ciphertext <= 0n || ciphertext >= nSquared || gcd(ciphertext, n) !== 1n) {
      throw new RangeError("Not a ciphertext of this key.");
    }

    const m = ((((modPow(ciphertext, this.lambda, nSquared) - 1n) / n) * this.mu) % n);
    return m > n / 2n ? m - n : m;
  }
}

/**
 * Offline/online encryption: the randomizers rⁿ mod n² do not depend on the message, so {@link fill} computes them ahead
 * of time (e.g. while idle) and an encryption then costs one multiplication mod n². Each randomizer is handed out once;
 * when the pool is empty a fresh one is computed on the spot. A key pair fills it by the faster CRT route.
 */
export class PaillierRandomizerPool {
  private readonly publicKey: PaillierPublicKey;
  private readonly randomizers: bigint[] = [];

  constructor(private readonly key: PaillierPublicKey | PaillierKeyPair) {
    this.publicKey = key instanceof PaillierKeyPair ? key.publicKey : key;
  }

  get available(): number {
    return this.randomizers.length;
  }

  /** Computes `count` randomizers now, for encryptions later. */
  fill(count: number): void {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError("count must be a whole number, 0 or more.");
    }

    for (let i = 0; i < count; i++) {
      this.randomizers.push(this.key.randomizer());
    }
  }

  encrypt(message: bigint): bigint {
    return this.publicKey.encryptWith(message, this.randomizers.pop() ?? this.key.randomizer());
  }
}

/** The privacy API's compact form of a number: base64 of its big-endian unsigned bytes. */
export function toBase64(value: bigint): string {
  if (value < 0n) {
    throw new RangeError("Only non-negative numbers have the compact form.");
  }

  const hex = value.toString(16);
  const padded = hex.length % 2 === 0 ? hex : "0" + hex;
  let binary = "";
  for (let i = 0; i < padded.length; i += 2) {
    binary += String.fromCharCode(parseInt(padded.slice(i, i + 2), 16));
  }

  return btoa(binary);
}

/** Reads a number written by {@link toBase64} (or by the privacy API with `"encoding": "base64"`). */
export function fromBase64(text: string): bigint {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) || text === "") {
    throw new SyntaxError("Not base64 of a number's bytes.");
  }

  let hex = "";
  for (const char of atob(text)) {
    hex += char.charCodeAt(0).toString(16).padStart(2, "0");
  }

  return BigInt("0x" + hex);
}

const smallPrimes = (() => {
  const primes: bigint[] = [];
  for (let candidate = 3; candidate < 2000; candidate += 2) {
    if (primes.every((p) => candidate % Number(p) !== 0)) {
      primes.push(BigInt(candidate));
    }
  }

  return primes;
})();

/** A random prime of exactly `bits` bits (top two bits set, so p·q has exactly 2·bits). */
function randomPrime(bits: number): bigint {
  const top = (1n << BigInt(bits - 1)) | (1n << BigInt(bits - 2)) | 1n;
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const candidate = (randomBits(bits) & mask) | top;
    if (isProbablePrime(candidate)) {
      return candidate;
    }
  }
}

/** Trial division, then 40 Miller–Rabin rounds with random bases: error below 2⁻⁸⁰. */
function isProbablePrime(n: bigint): boolean {
  for (const small of smallPrimes) {
    if (n % small === 0n) {
      return n === small;
    }
  }

  let d = n - 1n;
  let s = 0;
  while (d % 2n === 0n) {
    d >>= 1n;
    s++;
  }

  for (let round = 0; round < 40; round++) {
    const a = randomBelow(n - 3n) + 2n;
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) {
      continue;
    }

    let witness = true;
    for (let i = 1; i < s && witness; i++) {
      x = (x * x) % n;
      witness = x !== n - 1n;
    }

    if (witness) {
      return false;
    }
  }

  return true;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) {
      result = (result * b) % modulus;
    }

    b = (b * b) % modulus;
    e >>= 1n;
  }

  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }

  return x;
}

/** Extended Euclid. */
function modInverse(a: bigint, modulus: bigint): bigint {
  let [oldR, r] = [((a % modulus) + modulus) % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }

  return ((oldS % modulus) + modulus) % modulus;
}

/** 64 bits more than the bound before reducing, so no residue is favoured by more than 2⁻⁶⁴. */
function randomBelow(bound: bigint): bigint {
  return randomBits(bound.toString(2).length + 64) % bound;
}

function randomBits(bits: number): bigint {
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  webCrypto.getRandomValues(bytes);
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 8n) | BigInt(byte);
  }

  return value;
}
