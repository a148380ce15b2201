// Shared set-up for GCP scanner tests: an auth client holding a fixed token, and fast retries.
import { OAuth2Client } from "google-auth-library";
import type { GcpDeps } from "../../../scanners/gcp/index.ts";

export function testDeps(): GcpDeps {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "test-token", expiry_date: Date.now() + 3_600_000 });
  return { authClient, retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 3 } };
}
