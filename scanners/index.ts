// Provider dispatch: plan every configured cloud's shards, execute one shard, or run a whole scan.
// Provider modules load with dynamic import() so a scan touches only the SDKs it needs.
import type { Asset, Config, Coverage, Snapshot } from "../core/model.ts";
import type { AwsDeps } from "./aws/index.ts";
import { runShards, type ShardContext, type ShardSpec } from "./engine.ts";

export interface ScanDeps {
  aws?: AwsDeps;
  azure?: unknown;
  gcp?: unknown;
}

export async function planShards(config: Config, deps: ScanDeps = {}): Promise<ShardSpec[]> {
  const shards: ShardSpec[] = [];
  if (config.aws) {
    const { planAws } = await import("./aws/index.ts");
    shards.push(...(await planAws(config.aws, deps.aws)));
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
  // One set of assumed-role sessions for the whole scan, not one AssumeRole per shard.
  const deps: ScanDeps = { ...options.deps, aws: { sessions: new Map(), ...options.deps?.aws } };
  const scannedAt = new Date().toISOString();
  const specs = await planShards(config, deps);
  let done = 0;
  let assets = 0;
  let errors = 0;
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
}
