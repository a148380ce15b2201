// Shared set-up for Azure scanner tests: a simulator plus the deps that point the real SDK at it.
import type { TokenCredential } from "@azure/identity";
import type { AzureDeps } from "../../../scanners/azure/index.ts";
import type { AzureSimulator } from "../../../simulator/azure/index.ts";

export const stubCredential: TokenCredential = {
  getToken: async () => ({ token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export function depsFor(sim: AzureSimulator): AzureDeps {
  return {
    credential: stubCredential,
    tlsOptions: { ca: sim.ca },
    retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  };
}
