// SDK clients for one shard: pointed at cfg/deps endpoint or the standard AWS_ENDPOINT_URL* chain,
// signed with the base credentials or an assumed role, and throttled per attempt (retries included)
// through the engine's per-(account, service) rate limiter.
import { BedrockClient, type BedrockClientConfig } from "@aws-sdk/client-bedrock";
import { BedrockAgentClient, type BedrockAgentClientConfig } from "@aws-sdk/client-bedrock-agent";
import { IAMClient, type IAMClientConfig } from "@aws-sdk/client-iam";
import { SageMakerClient, type SageMakerClientConfig } from "@aws-sdk/client-sagemaker";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsConfig } from "../../core/model.ts";
import type { ShardContext } from "../engine.ts";
import type { AwsClients } from "./declaration.ts";

type Credentials = NonNullable<SageMakerClientConfig["credentials"]>;
type StaticCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export interface AwsDeps {
  /** Send every call here (the simulator); default cfg.endpoint, then the SDK's own chain. */
  endpoint?: string;
  /** Base credentials; default: the SDK's default credential chain. */
  credentials?: Credentials;
  /** Tests pass `new ConfiguredRetryStrategy(n, () => 0)`; default adaptive mode. */
  retryStrategy?: SageMakerClientConfig["retryStrategy"];
  maxAttempts?: number;
  /** Assumed-role sessions shared by the shards of one scan (keyed by role ARN). */
  sessions?: Map<string, Promise<StaticCredentials>>;
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
      : { retryMode: "adaptive", maxAttempts: deps.maxAttempts ?? 8 }),
  };
}

/** Credentials for `roleArn` via sts:AssumeRole, cached per scan. */
export function assumeRole(
  cfg: AwsConfig,
  deps: AwsDeps,
  roleArn: string,
  region: string,
): Promise<StaticCredentials> {
  const cached = deps.sessions?.get(roleArn);
  if (cached) return cached;
  const sts = new STSClient(clientOptions(cfg, deps, region));
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
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    })
    .finally(() => sts.destroy());
  deps.sessions?.set(roleArn, session);
  // A refused role must not poison the cache for a later retry of the shard.
  session.catch(() => deps.sessions?.delete(roleArn));
  return session;
}

/** STS is regional; IAM/"global" shards use us-east-1. */
export const clientRegion = (region: string) => (region === "global" ? "us-east-1" : region);

interface Stackable {
  middlewareStack: {
    addRelativeTo(mw: unknown, options: { relation: "after"; toMiddleware: string; name: string }): void;
  };
  destroy(): void;
}

/** Lazily built clients for one shard; `close()` releases their sockets. */
export function shardClients(
  cfg: AwsConfig,
  deps: AwsDeps,
  region: string,
  credentials: Credentials | undefined,
  ctx: ShardContext,
): AwsClients & { close(): void } {
  const made: Stackable[] = [];
  const opts = clientOptions(cfg, deps, clientRegion(region), credentials);
  const lazy = <C extends Stackable>(make: () => C) => {
    let client: C | undefined;
    return () => {
      if (!client) {
        client = make();
        // After the retry middleware, so every attempt (retries too) waits for a rate token.
        client.middlewareStack.addRelativeTo(
          (next: (a: unknown) => Promise<unknown>) => async (args: unknown) => {
            ctx.signal.throwIfAborted();
            await ctx.throttle();
            return next(args);
          },
          { relation: "after", toMiddleware: "retryMiddleware", name: "aimscanThrottle" },
        );
        made.push(client);
      }
      return client;
    };
  };
  return {
    sagemaker: lazy(() => new SageMakerClient(opts as SageMakerClientConfig)),
    bedrock: lazy(() => new BedrockClient(opts as BedrockClientConfig)),
    bedrockAgent: lazy(() => new BedrockAgentClient(opts as BedrockAgentClientConfig)),
    iam: lazy(() => new IAMClient(opts as IAMClientConfig)),
    close: () => {
      for (const c of made) c.destroy();
    },
  };
}
