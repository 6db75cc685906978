export {
  API_KEY_HEADER,
  PRIVACY_LISTING,
  QUOTA_REMAINING_HEADER,
  TrustVaultClient,
  type CallOptions,
  type CreateKeyOptions,
  type RequestOptions,
  type TrustVaultClientOptions,
} from "./client.js";
export { TrustVaultApiError, type ProblemDetails } from "./errors.js";
export type * from "./models.js";
export { fromBase64, PaillierKeyPair, PaillierPublicKey, PaillierRandomizerPool, toBase64 } from "./paillier.js";
export { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER, type VerifyWebhookOptions } from "./webhooks.js";
