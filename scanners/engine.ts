// The shard engine shared by every cloud: runs shards concurrently under a global cap and a
// per-key request rate, and turns every shard into exactly one Coverage record. A shard that
// throws becomes coverage `error` with the reason; the run goes on (a failed shard must never
// read as "no assets").
import type { Asset, Coverage, Provider } from "../core/model.ts";
import { checkAssets } from "./trust.ts";

/** A unit of discovery: JSON-serialisable so a Step Functions Map can carry it. */
export interface ShardSpec {
  provider: Provider;
  account: string;
  region: string;
  service: string;
  /** Provider-specific extras the executor needs (e.g. the role to assume); never secrets. */
  params?: Record<string, string>;
}

/** Thrown by an executor when the service is not offered in that region: coverage `skipped`. */
export class ShardSkipped extends Error {
  override name = "ShardSkipped";
}

export interface ShardContext {
  /** Await before every request: the per-(account, service) rate limit. */
  throttle(): Promise<void>;
  signal: AbortSignal;
}

/**
 * What a shard found. `warnings` are items listed but not mappable (one line each): the shard is
 * still `ok`, but its scope is not verified for "missing". `kinds` are the kinds the shard lists.
 */
export interface ShardOutcome {
  assets: Asset[];
  warnings?: string[];
  kinds?: string[];
}

export type ShardExecutor = (spec: ShardSpec, ctx: ShardContext) => Promise<Asset[] | ShardOutcome>;

export interface EngineOptions {
  concurrency?: number;
  /** Requests per second allowed per rate key (default: account + service). */
  requestsPerSecond?: number;
  rateKey?: (spec: ShardSpec) => string;
  timeoutMs?: number;
  onShardDone?: (coverage: Coverage, assets: Asset[]) => void;
}

export interface ShardRunResult {
  assets: Asset[];
  coverage: Coverage[];
}

export function shardKey(s: Pick<ShardSpec, "provider" | "account" | "region" | "service">): string {
  return `${s.provider}/${s.account}/${s.region}/${s.service}`;
}

/** A token bucket that spaces requests evenly: at most `rate` per second, burst of `rate`. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly rate: number) {
    this.tokens = Math.max(1, rate);
  }
  take(): Promise<void> {
    // Serialise waiters so each sees the bucket after its predecessor took a token.
    const next = this.queue.then(() => this.wait());
    this.queue = next.catch(() => {});
    return next;
  }
  private async wait(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function runShards(
  specs: readonly ShardSpec[],
  execute: ShardExecutor,
  options: EngineOptions = {},
): Promise<ShardRunResult> {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const rate = options.requestsPerSecond ?? Number.POSITIVE_INFINITY;
  const rateKey = options.rateKey ?? ((s: ShardSpec) => `${s.provider}/${s.account}/${s.service}`);
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (spec: ShardSpec) => {
    const key = rateKey(spec);
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiter(rate);
      limiters.set(key, limiter);
    }
    return limiter;
  };

  const results: { assets: Asset[]; coverage: Coverage }[] = new Array(specs.length);
  let cursor = 0;
  const worker = async () => {
    while (cursor < specs.length) {
      const index = cursor++;
      const spec = specs[index]!;
      results[index] = await runOne(
        spec,
        execute,
        Number.isFinite(rate) ? limiterFor(spec) : undefined,
        options,
      );
      options.onShardDone?.(results[index].coverage, results[index].assets);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));

  return {
    assets: results.flatMap((r) => r.assets),
    coverage: results.map((r) => r.coverage),
  };
}

async function runOne(
  spec: ShardSpec,
  execute: ShardExecutor,
  limiter: RateLimiter | undefined,
  options: EngineOptions,
): Promise<{ assets: Asset[]; coverage: Coverage }> {
  const base = { provider: spec.provider, account: spec.account, region: spec.region, service: spec.service };
  const started = Date.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    if (options.timeoutMs === undefined) return;
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
  });
  try {
    const ctx: ShardContext = {
      throttle: () => (limiter ? limiter.take() : Promise.resolve()),
      signal: controller.signal,
    };
    const answer = await Promise.race([execute(spec, ctx), timeout]);
    const outcome: ShardOutcome = Array.isArray(answer) ? { assets: answer } : answer;
    // The engine, not each scanner, decides whether an answer can be trusted (trust.ts).
    const { assets, warnings } = checkAssets(spec, outcome.assets);
    const all = [...(outcome.warnings ?? []), ...warnings];
    return {
      assets,
      coverage: {
        ...base,
        status: "ok",
        assets: assets.length,
        durationMs: Date.now() - started,
        ...(outcome.kinds ? { kinds: [...new Set(outcome.kinds)].sort() } : {}),
        ...(all.length > 0 ? { warnings: all.length, warning: summarise(all) } : {}),
      },
    };
  } catch (e) {
    const skipped = e instanceof ShardSkipped;
    return {
      assets: [],
      coverage: {
        ...base,
        status: skipped ? "skipped" : "error",
        error: describeError(e),
        durationMs: Date.now() - started,
      },
    };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The first few warnings in one line. */
function summarise(warnings: readonly string[]): string {
  const head = warnings.slice(0, 3).join("; ");
  return warnings.length > 3 ? `${head}; +${warnings.length - 3} more` : head;
}

/** One line naming the error's code and message, never a stack or a request body. */
export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const name = e.name && e.name !== "Error" ? e.name : typeof code === "string" ? code : "";
    const message = e.message.split("\n")[0]!.slice(0, 300);
    return name && !message.startsWith(name) ? `${name}: ${message}` : message || name || "error";
  }
  return String(e).slice(0, 300);
}
