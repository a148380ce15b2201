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
import type { ShardContext } from "../engine.ts";
import { refuseErrorShapes } from "./answers.ts";
import type { AwsClients } from "./declaration.ts";
import { withErrorContext } from "./errors.ts";
import { partitionNamed, partitionOf } from "./partition.ts";

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
  now?: () => Date;
}

/** Options every client gets: endpoint, credentials and retry behaviour. */
export function clientOptions(cfg: AwsConfig, deps: AwsDeps, region: string, credentials?: Credentials) {
  const endpoint = deps.endpoint ?? cfg.endpoint;
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : deps.credentials ? { credentials: deps.credentials } : {}),
    ...(deps.retryStrategy
      ? { retryStrategy: deps.retryStrategy }
      : // Standard, not adaptive: the shard's pacing already learns the rate per account and
        // service; the SDK's adaptive mode would add a second, per-client limiter that backs off on its own.
        { retryMode: "standard", maxAttempts: deps.maxAttempts ?? 8 }),
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
  const sts = withErrorContext(new STSClient(clientOptions(cfg, deps, region)));
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

// After the retry middleware, so every attempt (retries too) waits for a rate token and tells the
// shard's pacing whether AWS throttled it.
function throttled<C extends Stackable>(client: C): C {
  client.middlewareStack.addRelativeTo(
    (next: (a: unknown) => Promise<unknown>) => async (args: unknown) => {
      const ctx = currentShard.getStore();
      if (!ctx) return next(args);
      ctx.signal.throwIfAborted();
      await ctx.throttle();
      try {
        const out = await next(args);
        ctx.answered(false);
        return out;
      } catch (e) {
        ctx.answered(isThrottling(e));
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
  const opts = clientOptions(cfg, deps, clientRegion(region, partition), credentials);
  const lazy =
    <C extends Stackable>(name: string, make: () => C) =>
    () => {
      const key = `${name}|${region}|${identity}`;
      let client = cache.get(key) as C | undefined;
      if (!client) {
        client = refuseErrorShapes(throttled(withErrorContext(make())));
        cache.set(key, client);
      }
      return client;
    };
  return {
    sagemaker: lazy("sagemaker", () => new SageMakerClient(opts as SageMakerClientConfig)),
    bedrock: lazy("bedrock", () => new BedrockClient(opts as BedrockClientConfig)),
    bedrockAgent: lazy("bedrock-agent", () => new BedrockAgentClient(opts as BedrockAgentClientConfig)),
    iam: lazy("iam", () => new IAMClient(opts as IAMClientConfig)),
    cloudwatch: lazy("cloudwatch", () => new CloudWatchClient(opts as CloudWatchClientConfig)),
    secretsManager: lazy(
      "secretsmanager",
      () => new SecretsManagerClient(opts as SecretsManagerClientConfig),
    ),
    ssm: lazy("ssm", () => new SSMClient(opts as SSMClientConfig)),
    agentCore: lazy(
      "agentcore",
      () => new BedrockAgentCoreControlClient(opts as BedrockAgentCoreControlClientConfig),
    ),
    close: () => closeClients(own),
  };
}

export function closeClients(clients: Map<string, { destroy(): void }> | undefined): void {
  for (const c of clients?.values() ?? []) c.destroy();
  clients?.clear();
}
