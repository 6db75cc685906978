// Node.js 18 keeps Web Crypto off the global scope (global from Node.js 19 on, as in browsers and workers), so fall back
// to node:crypto's there. The specifier sits in a variable so bundlers for browsers leave an import they never reach alone.
const nodeCrypto = "node:crypto";

export const webCrypto: Crypto =
  (globalThis as { crypto?: Crypto }).crypto ?? ((await import(nodeCrypto)) as { webcrypto: Crypto }).webcrypto;
