import { describe } from "vitest";
import { TrustVaultClient, type Organization } from "../src/index.js";

// The running app these tests call: test.sh starts one with the demo seed and sets these.
export const baseUrl = process.env["TRUSTVAULT_BASE_URL"];

/** The seeded demo customer's token (README: demo only). */
export const token = process.env["TRUSTVAULT_TOKEN"] ?? "tvp_globexdemo26_DemoTokenForTheReadme-NeverUseInProduction";

export const describeLive = describe.skipIf(!baseUrl);

export function platform(personalAccessToken = token): TrustVaultClient {
  return new TrustVaultClient({ baseUrl: baseUrl!, personalAccessToken });
}

export function gateway(apiKey: string): TrustVaultClient {
  return new TrustVaultClient({ baseUrl: baseUrl!, apiKey });
}

/** The demo customer's own organization, Globex Analytics. */
export async function globex(client: TrustVaultClient): Promise<Organization> {
  const organization = (await client.listOrganizations()).items.find((o) => o.name === "Globex Analytics");
  if (!organization) {
    throw new Error("The demo customer is no member of Globex Analytics: is the app seeded?");
  }

  return organization;
}
