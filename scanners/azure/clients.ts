// Builds the ARM clients a shard uses. Production: DefaultAzureCredential and the public ARM
// endpoint (or `azure.endpoint` for sovereign clouds and the simulator); tests pass a credential
// stub and the simulator's CA. The credential is loaded lazily so AWS-only runs never import it.
import type { PipelineRequest, SendRequest } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import type { AzureConfig } from "../../core/model.ts";
import { armAnswersPolicy } from "./answers.ts";
import { federatedCredential } from "./federation.ts";

export interface AzureDeps {
  credential?: TokenCredential;
  /** Trust for a self-signed endpoint (production relies on NODE_EXTRA_CA_CERTS instead). */
  tlsOptions?: { ca: string };
  retryOptions?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** The clock the usage window is measured from (tests pin it). */
  now?: () => Date;
}

export const PUBLIC_ARM = "https://management.azure.com";

let defaultCredential: Promise<TokenCredential> | undefined;

export function credentialFor(deps: AzureDeps, cfg?: AzureConfig): Promise<TokenCredential> {
  if (deps.credential) return Promise.resolve(deps.credential);
  if (cfg?.federation) return federatedCredential(cfg.federation, deps);
  defaultCredential ??= import("@azure/identity").then((m) => new m.DefaultAzureCredential());
  return defaultCredential;
}

/** Options shared by every ARM client: endpoint, token audience, TLS trust, retries, rate limit. */
export interface Pacing {
  throttle(): Promise<void>;
  answered(throttled: boolean): void;
}

export function clientOptions(cfg: AzureConfig, deps: AzureDeps, pacing?: Pacing) {
  const endpoint = (cfg.endpoint ?? PUBLIC_ARM).replace(/\/+$/, "");
  return {
    endpoint,
    // The token audience follows the endpoint, so `az account get-access-token --resource` matches.
    credentialScopes: [`${endpoint}/.default`],
    ...(deps.tlsOptions ? { tlsOptions: deps.tlsOptions } : {}),
    // 429s are retried after Retry-After, so a generous count costs only waiting.
    retryOptions: { maxRetries: 8, ...deps.retryOptions },
    userAgentOptions: { userAgentPrefix: "aimscan" },
    // Every HTTP attempt, page and retry alike, takes a token from the shard's rate limit: retries
    // that bypassed it would spend the server's quota behind the limiter's back and cascade into 429s.
    // The answer's status (429: throttled) teaches the shard's pacing the subscription's real rate.
    additionalPolicies: [
      // After retries (perCall sees the final answer): a hostile 200 fails the call, never reads as empty.
      { policy: armAnswersPolicy(), position: "perCall" as const },
      ...(pacing
        ? [
            {
              policy: {
                name: "aimscanRateLimit",
                sendRequest: async (request: PipelineRequest, next: SendRequest) => {
                  await pacing.throttle();
                  try {
                    const response = await next(request);
                    pacing.answered(response.status === 429);
                    return response;
                  } catch (e) {
                    pacing.answered((e as { statusCode?: number }).statusCode === 429);
                    throw e;
                  }
                },
              },
              position: "perRetry" as const,
            },
          ]
        : []),
    ],
  };
}

export async function cognitiveServicesClient(
  subscription: string,
  cfg: AzureConfig,
  deps: AzureDeps,
  pacing: Pacing,
) {
  const { CognitiveServicesManagementClient } = await import("@azure/arm-cognitiveservices");
  return new CognitiveServicesManagementClient(
    await credentialFor(deps, cfg),
    subscription,
    clientOptions(cfg, deps, pacing),
  );
}

export async function subscriptionClient(cfg: AzureConfig, deps: AzureDeps) {
  const { SubscriptionClient } = await import("@azure/arm-resources-subscriptions");
  return new SubscriptionClient(await credentialFor(deps, cfg), clientOptions(cfg, deps));
}

export async function monitorClient(subscription: string, cfg: AzureConfig, deps: AzureDeps, pacing: Pacing) {
  const { MonitorClient } = await import("@azure/arm-monitor");
  return new MonitorClient(await credentialFor(deps, cfg), subscription, clientOptions(cfg, deps, pacing));
}

export async function keyVaultClient(
  subscription: string,
  cfg: AzureConfig,
  deps: AzureDeps,
  pacing: Pacing,
) {
  const { KeyVaultManagementClient } = await import("@azure/arm-keyvault");
  // A TypeSpec-generated client: it takes the token audience as `credentials.scopes`.
  const { credentialScopes, ...options } = clientOptions(cfg, deps, pacing);
  return new KeyVaultManagementClient(await credentialFor(deps, cfg), subscription, {
    ...options,
    credentials: { scopes: credentialScopes },
  });
}
