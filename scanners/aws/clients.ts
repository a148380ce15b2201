// SDK clients for one shard: pointed at cfg/deps endpoint or the standard AWS_ENDPOINT_URL* chain,
// signed with the base credentials or an assumed role, and throttled per attempt (retries included)
// through the engine's per-(account, service) rate limiter. Clients are cached per (client, region,
// identity) for the length of a scan and never capture a shard: the running shard is found through
// AsyncLocalStorage, so each request waits on its own shard's limiter.
import { AsyncLocalStorage } from "node:async_hooks";
import { BedrockClient, type BedrockClientConfig } from "@aws-sdk/client-bedrock";
import { BedrockAgentClient, type BedrockAgentClientConfig } from "@aws-sdk/client-bedrock-agent";
import {
  BedrockAgentCoreControlClient,
  type BedrockAgentCoreControlClientConfig,
} from "@aws-sdk/client-bedrock-agentcore-control";
import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import { IAMClient, type IAMClientConfig } from "@aws-sdk/client-iam";
import { SageMakerClient, type SageMakerClientConfig } from "@aws-sdk/client-sagemaker";
import { SecretsManagerClient, type SecretsManagerClientConfig } from "@aws-sdk/client-secrets-manager";
import { SSMClient, type SSMClientConfig } from "@aws-sdk/client-ssm";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsConfig } from "../../core/model.ts";
import type { Pacing, ShardContext } from "../engine.ts";
import { refuseErrorShapes } from "./answers.ts";
import type { AwsClients } from "./declaration.ts";
import { withErrorContext } from "./errors.ts";
import { connectionPool } from "./http.ts";
import { partitionNamed, partitionOf } from "./partition.ts";
import { PacedRetryStrategy } from "./retry.ts";

type Credentials = NonNullable<SageMakerClientConfig["credentials"]>;
type StaticCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiration?: Date | undefined;
};

export interface AwsDeps {
  /** Send every call here (the simulator); default cfg.endpoint, then the SDK's own chain. */
  endpoint?: string;
  /** Base credentials; default: the SDK's default credential chain. */
  credentials?: Credentials;
  /** Tests pass `new ConfiguredRetryStrategy(n, () => 0)`; default standard mode. */
  retryStrategy?: SageMakerClientConfig["retryStrategy"];
  maxAttempts?: number;
  /** Assumed-role sessions shared by the shards of one scan (keyed by role ARN). */
  sessions?: Map<string, Promise<StaticCredentials>>;
  /** Clients shared by the shards of one scan; whoever creates the map calls `closeClients`. */
  clients?: Map<string, { destroy(): void }>;
  /**
   * Requests planning sent per rate key before the scan's pacing began (GetCallerIdentity on the
   * caller's STS): the cloud counted them, so the pacing's first measure of that key must too.
   */
  spent?: Map<string, number>;
  now?: () => Date;
}

/**
 * Options every client gets: endpoint, credentials and retry behaviour. `paced`: the client's
 * attempts wait on the shard's pacing (`throttled` below), so its throttles skip the SDK's backoff.
 */
export function clientOptions(
  cfg: AwsConfig,
  deps: AwsDeps,
  region: string,
  credentials?: Credentials,
  paced = false,
) {
  const endpoint = deps.endpoint ?? cfg.endpoint;
  const pool = connectionPool(deps.clients);
  return {
    region,
    // One middleware chain per command class for the client's life, not one per request: the
    // chain's resolution was a fifth of each request's CPU, and scans send thousands.
    cacheMiddleware: true,
    ...(endpoint ? { endpoint } : {}),
    // The scan's keep-alive sockets (http.ts), when the scan shares its clients.
    ...(pool ? { requestHandler: { httpAgent: pool.httpAgent, httpsAgent: pool.httpsAgent } } : {}),
    ...(credentials ? { credentials } : deps.credentials ? { credentials: deps.credentials } : {}),
    // Standard, not adaptive: the shard's pacing already learns the rate per account and service;
    // the SDK's adaptive mode would add a second, per-client limiter that backs off on its own, and
    // its standard mode a second backoff on throttles (retry.ts).
    ...(deps.retryStrategy
      ? { retryStrategy: deps.retryStrategy }
      : paced
        ? { retryStrategy: new PacedRetryStrategy(deps.maxAttempts ?? 8), maxAttempts: deps.maxAttempts ?? 8 }
        : { retryMode: "standard", maxAttempts: deps.maxAttempts ?? 8 }),
  };
}

/** Re-assume this long before a session expires (AssumeRole sessions last an hour). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** Credentials for `roleArn` via sts:AssumeRole, cached per scan and renewed before they expire. */
export async function assumeRole(
  cfg: AwsConfig,
  deps: AwsDeps,
  roleArn: string,
  region: string,
): Promise<StaticCredentials> {
  const cached = deps.sessions?.get(roleArn);
  if (cached) {
    const c = await cached;
    if (!c.expiration || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return c;
    // Another shard may have started the renewal while we waited: share it.
    const current = deps.sessions?.get(roleArn);
    if (current && current !== cached) return current;
  }
  // Paced on the caller's STS quota (every member's role is assumed by the same caller), so twenty
  // accounts starting at once are not throttled into the SDK's multi-second backoff.
  const sts = throttled(
    withErrorContext(new STSClient(clientOptions(cfg, deps, region, undefined, true))),
    callerSts,
  );
  const session = sts
    .send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: "aimscan",
        ...(cfg.externalId ? { ExternalId: cfg.externalId } : {}),
      }),
    )
    .then((r) => {
      const c = r.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new Error(`AssumeRole ${roleArn} returned no credentials`);
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    })
    .finally(() => sts.destroy());
  deps.sessions?.set(roleArn, session);
  // A refused role must not poison the cache for a later retry of the shard.
  session.catch(() => {
    if (deps.sessions?.get(roleArn) === session) deps.sessions.delete(roleArn);
  });
  return session;
}

/** STS is regional; IAM/"global" shards sign for their partition's home region. */
export const clientRegion = (region: string, partition?: string) =>
  region === "global" ? (partitionNamed(partition ?? "aws") ?? partitionOf("us-east-1")).home : region;

/**
 * Where to call STS for a role session used in `region`: the partition's home region, never the
 * shard's. A regional STS endpoint in an opt-in region refuses callers whose own account has not
 * enabled it (InvalidClientTokenId), even when the member account being scanned has; sessions from a
 * regional endpoint are valid in every region, so one home-region session serves them all.
 */
export function stsRegion(region: string): string {
  return partitionOf(region).home;
}

interface Stackable {
  middlewareStack: {
    add(mw: unknown, options: { step: "initialize"; name: string }): void;
    addRelativeTo(mw: unknown, options: { relation: "after"; toMiddleware: string; name: string }): void;
  };
  destroy(): void;
}

const currentShard = new AsyncLocalStorage<ShardContext>();

/** Runs `fn` as shard `ctx`: every AWS request it makes waits for that shard's rate token. */
export function asShard<T>(ctx: ShardContext, fn: () => Promise<T>): Promise<T> {
  return currentShard.run(ctx, fn);
}

/** The rate key of the base identity's STS calls (AssumeRole into every member account). */
export const CALLER_STS_KEY = "aws/caller/sts";

const callerSts = (ctx: ShardContext): Pacing => ctx.pacingFor?.(CALLER_STS_KEY) ?? ctx;

// After the retry middleware, so every attempt (retries too) waits for a rate token and tells the
// shard's pacing (or the one `pacing` picks) whether AWS throttled it.
function throttled<C extends Stackable>(client: C, pacing: (ctx: ShardContext) => Pacing = (ctx) => ctx): C {
  client.middlewareStack.addRelativeTo(
    (next: (a: unknown) => Promise<unknown>) => async (args: unknown) => {
      const ctx = currentShard.getStore();
      if (!ctx) return next(args);
      ctx.signal.throwIfAborted();
      const pace = pacing(ctx);
      await pace.throttle();
      try {
        const out = await next(args);
        pace.answered(false);
        return out;
      } catch (e) {
        pace.answered(isThrottling(e));
        throw e;
      }
    },
    { relation: "after", toMiddleware: "retryMiddleware", name: "aimscanThrottle" },
  );
  return client;
}

// The SDK's own list of throttling error codes (@smithy/service-error-classification), and 429.
const THROTTLING = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);

export function isThrottling(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return THROTTLING.has(err?.name ?? "") || err?.$metadata?.httpStatusCode === 429;
}

/** Clients for one account and region, built on first use (shared through deps.clients). */
export function shardClients(
  cfg: AwsConfig,
  deps: AwsDeps,
  region: string,
  credentials: Credentials | undefined,
  identity: string,
  partition?: string,
): AwsClients & { close(): void } {
  const own = new Map<string, { destroy(): void }>();
  const cache = deps.clients ?? own;
  // Options per client: each keeps its own retry quota, as the SDK's default strategy does.
  const options = () => clientOptions(cfg, deps, clientRegion(region, partition), credentials, true);
  const lazy =
    <C extends Stackable>(name: string, make: (opts: ReturnType<typeof options>) => C) =>
    () => {
      const key = `${name}|${region}|${identity}`;
      let client = cache.get(key) as C | undefined;
      if (!client) {
        client = refuseErrorShapes(throttled(withErrorContext(make(options()))));
        cache.set(key, client);
      }
      return client;
    };
  return {
    sagemaker: lazy("sagemaker", (opts) => new SageMakerClient(opts as SageMakerClientConfig)),
    bedrock: lazy("bedrock", (opts) => new BedrockClient(opts as BedrockClientConfig)),
    bedrockAgent: lazy("bedrock-agent", (opts) => new BedrockAgentClient(opts as BedrockAgentClientConfig)),
    iam: lazy("iam", (opts) => new IAMClient(opts as IAMClientConfig)),
    cloudwatch: lazy("cloudwatch", (opts) => new CloudWatchClient(opts as CloudWatchClientConfig)),
    secretsManager: lazy(
      "secretsmanager",
      (opts) => new SecretsManagerClient(opts as SecretsManagerClientConfig),
    ),
    ssm: lazy("ssm", (opts) => new SSMClient(opts as SSMClientConfig)),
    agentCore: lazy(
      "agentcore",
      (opts) => new BedrockAgentCoreControlClient(opts as BedrockAgentCoreControlClientConfig),
    ),
    close: () => closeClients(own),
  };
}

export function closeClients(clients: Map<string, { destroy(): void }> | undefined): void {
  for (const c of clients?.values() ?? []) c.destroy();
  clients?.clear();
}
