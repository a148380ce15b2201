// Provider dispatch: plan every configured cloud's shards, execute one shard, or run a whole scan.
// Provider modules load with dynamic import() so a scan touches only the SDKs it needs.
import type { Asset, Config, Coverage, Snapshot } from "../core/model.ts";
import type { AwsDeps } from "./aws/index.ts";
import type { AzureDeps } from "./azure/index.ts";
import { runShards, type ShardContext, type ShardSpec } from "./engine.ts";
import type { GcpDeps } from "./gcp/index.ts";

export interface ScanDeps {
  aws?: AwsDeps;
  azure?: AzureDeps;
  gcp?: GcpDeps;
}

export async function planShards(config: Config, deps: ScanDeps = {}): Promise<ShardSpec[]> {
  const shards: ShardSpec[] = [];
  if (config.aws) {
    const { planAws } = await import("./aws/index.ts");
    shards.push(...(await planAws(config.aws, deps.aws)));
  }
  if (config.azure) {
    const { planAzure } = await import("./azure/index.ts");
    shards.push(...(await planAzure(config.azure, deps.azure)));
  }
  if (config.gcp) {
    const { planGcp } = await import("./gcp/index.ts");
    shards.push(...(await planGcp(config.gcp, deps.gcp)));
  }
  return shards;
}

export async function executeShard(
  spec: ShardSpec,
  config: Config,
  ctx: ShardContext,
  deps: ScanDeps = {},
): Promise<Asset[]> {
  switch (spec.provider) {
    case "aws": {
      if (!config.aws) throw new Error("aws shard, but the config has no aws section");
      const { executeAwsShard } = await import("./aws/index.ts");
      return executeAwsShard(spec, config.aws, ctx, deps.aws);
    }
    case "azure": {
      if (!config.azure) throw new Error("azure shard, but the config has no azure section");
      const { executeAzureShard } = await import("./azure/index.ts");
      return executeAzureShard(spec, config.azure, ctx, deps.azure);
    }
    case "gcp": {
      if (!config.gcp) throw new Error("gcp shard, but the config has no gcp section");
      const { executeGcpShard } = await import("./gcp/index.ts");
      return executeGcpShard(spec, config.gcp, ctx, deps.gcp);
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
  const deps: ScanDeps = { ...options.deps, aws: { sessions: new Map(), clients, ...options.deps?.aws } };
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
