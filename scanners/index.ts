// Provider dispatch: plan every configured cloud's shards, execute one shard, or run a whole scan.
// Provider modules load with dynamic import() so a scan touches only the SDKs it needs.
import type { Asset, Config, Coverage, Provider, Snapshot } from "../core/model.ts";
import type { AwsDeps } from "./aws/index.ts";
import type { AzureDeps } from "./azure/index.ts";
import { describeError, runShards, type ShardContext, type ShardOutcome, type ShardSpec } from "./engine.ts";
import type { GcpDeps } from "./gcp/index.ts";
import { scanSettings } from "./settings.ts";

export interface ScanDeps {
  aws?: AwsDeps;
  azure?: AzureDeps;
  gcp?: GcpDeps;
}

/**
 * Every configured cloud's shards. A cloud whose planning fails (caller identity, Organizations,
 * subscription list) becomes one shard that fails with the reason: its coverage reads `error`, its
 * declarations unverified, and the other clouds are still scanned.
 */
export async function planShards(config: Config, deps: ScanDeps = {}): Promise<ShardSpec[]> {
  const planners: [Provider, () => Promise<ShardSpec[]>][] = [];
  if (config.aws) {
    const cfg = config.aws;
    planners.push(["aws", async () => (await import("./aws/index.ts")).planAws(cfg, deps.aws)]);
  }
  if (config.azure) {
    const cfg = config.azure;
    planners.push(["azure", async () => (await import("./azure/index.ts")).planAzure(cfg, deps.azure)]);
  }
  if (config.gcp) {
    const cfg = config.gcp;
    planners.push(["gcp", async () => (await import("./gcp/index.ts")).planGcp(cfg, deps.gcp)]);
  }
  const planned = await Promise.all(
    planners.map(async ([provider, plan]) => {
      try {
        return await plan();
      } catch (e) {
        const failed: ShardSpec = {
          provider,
          account: "*",
          region: "global",
          service: "*",
          params: { planError: describeError(e) },
        };
        return [failed];
      }
    }),
  );
  return planned.flat();
}

export async function executeShard(
  spec: ShardSpec,
  config: Config,
  ctx: ShardContext,
  deps: ScanDeps = {},
): Promise<Asset[] | ShardOutcome> {
  if (spec.params?.planError)
    throw new Error(`could not plan the ${spec.provider} scan: ${spec.params.planError}`);
  switch (spec.provider) {
    case "aws": {
      if (!config.aws) throw new Error("aws shard, but the config has no aws section");
      const { executeAwsShard } = await import("./aws/index.ts");
      return executeAwsShard(spec, config.aws, ctx, deps.aws, scanSettings(config));
    }
    case "azure": {
      if (!config.azure) throw new Error("azure shard, but the config has no azure section");
      const { executeAzureShard } = await import("./azure/index.ts");
      return executeAzureShard(spec, config.azure, ctx, deps.azure, scanSettings(config));
    }
    case "gcp": {
      if (!config.gcp) throw new Error("gcp shard, but the config has no gcp section");
      const { executeGcpShard } = await import("./gcp/index.ts");
      return executeGcpShard(spec, config.gcp, ctx, deps.gcp, scanSettings(config));
    }
    default:
      throw new Error(`no scanner for provider "${spec.provider}"`);
  }
}

export interface ScanOptions {
  deps?: ScanDeps;
  /** After each shard: shards done so far, total, assets so far, failed shards so far. */
  onProgress?: (p: {
    done: number;
    total: number;
    assets: number;
    errors: number;
    coverage: Coverage;
  }) => void;
}

export async function scan(config: Config, options: ScanOptions = {}): Promise<Snapshot> {
  // One set of assumed-role sessions and clients for the whole scan, not one per shard.
  const clients = new Map<string, { destroy(): void }>();
  const spent = new Map<string, number>();
  const deps: ScanDeps = {
    ...options.deps,
    aws: { sessions: new Map(), clients, spent, ...options.deps?.aws },
  };
  const scannedAt = new Date().toISOString();
  const specs = await planShards(config, deps);
  let done = 0;
  let assets = 0;
  let errors = 0;
  try {
    const result = await runShards(specs, (spec, ctx) => executeShard(spec, config, ctx, deps), {
      concurrency: config.scan.concurrency,
      requestsPerSecond: config.scan.requestsPerSecond,
      timeoutMs: config.scan.shardTimeoutSeconds * 1000,
      spent: deps.aws?.spent ?? spent,
      onShardDone: (coverage, found) => {
        done++;
        assets += found.length;
        if (coverage.status === "error") errors++;
        options.onProgress?.({ done, total: specs.length, assets, errors, coverage });
      },
    });
    return { schemaVersion: 1, scannedAt, assets: result.assets, coverage: result.coverage };
  } finally {
    // Plain destroy() rather than the aws module's helper: this file must not load the AWS SDK.
    for (const c of clients.values()) c.destroy();
  }
}
