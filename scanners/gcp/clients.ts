// Builds the Google clients a shard uses, over the REST transport (`fallback: true`). The service
// clients are imported from their own module paths, and only when a GCP shard runs: the package
// roots load every Vertex service (~0.5 s) for nothing. Production credentials come from Google's
// application default credentials, resolved once and shared by every client.
import type { AuthClient } from "google-auth-library";
import type { GcpConfig } from "../../core/model.ts";
import { cjsExports } from "../cjs.ts";
import { checkedAuthClient } from "./answers.ts";

export interface GcpDeps {
  /** An authenticated client (tests: an OAuth2Client holding a fixed token). Default: ADC. */
  authClient?: AuthClient;
  /** Backoff between retries of a list call (default 250 ms doubling to 8 s, 5 retries). */
  retry?: { initialDelayMs?: number; maxDelayMs?: number; maxRetries?: number };
  /** The clock the usage window is measured from (tests pin it). */
  now?: () => Date;
}

const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

/** One client per credential file ("" for application default credentials), shared by every shard. */
const clients = new Map<string, Promise<AuthClient>>();

/**
 * Application default credentials, or `gcp.credentialsFile` read by the same library (keyFilename
 * takes every credential type ADC does). In Lambda the file is an `external_account` credential
 * for workload identity federation with an AWS provider: it holds no secret, the library signs a
 * GetCallerIdentity request with the function's own AWS credentials and Google's STS exchanges it.
 */
export function authClientFor(deps: GcpDeps, cfg?: GcpConfig): Promise<AuthClient> {
  if (deps.authClient) return Promise.resolve(deps.authClient);
  const file = cfg?.credentialsFile ?? "";
  let client = clients.get(file);
  if (!client) {
    client = import("google-auth-library").then((m) =>
      new (cjsExports(m).GoogleAuth)({
        scopes: [CLOUD_PLATFORM],
        ...(file ? { keyFilename: file } : {}),
      }).getClient(),
    );
    // A failed start (file missing, exchange refused) must not stick for the container's lifetime.
    client.catch(() => clients.delete(file));
    clients.set(file, client);
  }
  return client;
}

/** Where a Google API lives: the configured endpoint (simulator, proxy) or the public host. */
export function hostFor(cfg: GcpConfig, publicHost: string) {
  if (!cfg.apiEndpoint)
    return { apiEndpoint: publicHost, port: 443, protocol: "https", base: `https://${publicHost}` };
  const url = new URL(cfg.apiEndpoint);
  const protocol = url.protocol.replace(":", "");
  const port = url.port ? Number(url.port) : protocol === "http" ? 80 : 443;
  return { apiEndpoint: url.hostname, port, protocol, base: `${protocol}://${url.host}` };
}

/** Vertex AI is regional: each location has its own host (global: the bare host). */
export function vertexHost(location: string): string {
  return location === "global" ? "aiplatform.googleapis.com" : `${location}-aiplatform.googleapis.com`;
}

export async function transport(cfg: GcpConfig, deps: GcpDeps, publicHost: string) {
  const { apiEndpoint, port, protocol } = hostFor(cfg, publicHost);
  // gax bundles its own google-auth-library copy; the client object is compatible at run time.
  // Every answer passes scanners/gcp/answers.ts before gax decodes it (an error shape in a 200).
  const authClient = checkedAuthClient(await authClientFor(deps, cfg)) as never;
  return { fallback: true, apiEndpoint, port, protocol, authClient };
}

// Constructing a Google client hashes the whole proto bundle (~1 s here), so clients are made once
// per deps object and endpoint and reused by every shard; `closeGcpClients` releases them.
const pools = new WeakMap<GcpDeps, Map<string, Promise<Closable>>>();
interface Closable {
  close(): Promise<void>;
}

export function pooled<T extends Closable>(deps: GcpDeps, key: string, make: () => Promise<T>): Promise<T> {
  let pool = pools.get(deps);
  if (!pool) {
    pool = new Map();
    pools.set(deps, pool);
  }
  let client = pool.get(key);
  if (!client) {
    client = make();
    pool.set(key, client);
    client.catch(() => pool.delete(key));
  }
  return client as Promise<T>;
}

export async function closeGcpClients(deps: GcpDeps): Promise<void> {
  const pool = pools.get(deps);
  pools.delete(deps);
  await Promise.all([...(pool?.values() ?? [])].map(async (c) => (await c).close()));
}

export function endpointClient(cfg: GcpConfig, deps: GcpDeps, location: string) {
  const host = hostFor(cfg, vertexHost(location));
  return pooled(deps, `endpoints ${host.base}`, async () => {
    const m = cjsExports(await import("@google-cloud/aiplatform/build/src/v1/endpoint_service_client.js"));
    return new m.EndpointServiceClient(await transport(cfg, deps, vertexHost(location)));
  });
}

export function modelClient(cfg: GcpConfig, deps: GcpDeps, location: string) {
  const host = hostFor(cfg, vertexHost(location));
  return pooled(deps, `models ${host.base}`, async () => {
    const m = cjsExports(await import("@google-cloud/aiplatform/build/src/v1/model_service_client.js"));
    return new m.ModelServiceClient(await transport(cfg, deps, vertexHost(location)));
  });
}

export function apiKeysClient(cfg: GcpConfig, deps: GcpDeps) {
  return pooled(deps, `apikeys ${hostFor(cfg, "apikeys.googleapis.com").base}`, async () => {
    const m = cjsExports(await import("@google-cloud/apikeys/build/src/v2/api_keys_client.js"));
    return new m.ApiKeysClient(await transport(cfg, deps, "apikeys.googleapis.com"));
  });
}

export function metricClient(cfg: GcpConfig, deps: GcpDeps) {
  return pooled(deps, `monitoring ${hostFor(cfg, "monitoring.googleapis.com").base}`, async () => {
    const m = cjsExports(await import("@google-cloud/monitoring/build/src/v3/metric_service_client.js"));
    return new m.MetricServiceClient(await transport(cfg, deps, "monitoring.googleapis.com"));
  });
}

export function secretManagerClient(cfg: GcpConfig, deps: GcpDeps) {
  return pooled(deps, `secretmanager ${hostFor(cfg, "secretmanager.googleapis.com").base}`, async () => {
    const m = cjsExports(
      await import("@google-cloud/secret-manager/build/src/v1/secret_manager_service_client.js"),
    );
    return new m.SecretManagerServiceClient(await transport(cfg, deps, "secretmanager.googleapis.com"));
  });
}
