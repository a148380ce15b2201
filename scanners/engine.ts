// The shard engine shared by every cloud: runs shards concurrently (as many as the rate keys can
// use, see pacing.ts) with an adaptive request rate per key and one dispatch for the whole scan
// (dispatch.ts: when the process is the bottleneck, the keys with most work go first), and turns
// every shard into exactly one Coverage record. A shard that
// throws becomes coverage `error` with the reason; the run goes on (a failed shard must never
// read as "no assets").
import type { Asset, Coverage, Provider } from "../core/model.ts";
import { Dispatch, dispatchSlots } from "./dispatch.ts";
import { defaultRateKey, Pacer, shardConcurrency } from "./pacing.ts";
import { ShardQueue } from "./shard-queue.ts";
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

/**
 * Thrown by an executor when some of a shard's kinds were listed completely and others failed: the
 * shard is coverage `error` (it is not complete), and the assets of the kinds that were listed to the
 * end are kept, so one call an endpoint lacks does not hide every other kind of the shard.
 */
export class ShardPartlyFailed extends Error {
  override name = "ShardPartlyFailed";
  constructor(
    message: string,
    readonly assets: Asset[],
  ) {
    super(message);
  }
}

/** One rate key's pacing, as a request sees it. */
export interface Pacing {
  /** Await before every request attempt (retries too). */
  throttle(): Promise<void>;
  /** After every attempt: whether the cloud answered "slow down" (429, ThrottlingException…). */
  answered(throttled: boolean): void;
}

export interface ShardContext extends Pacing {
  /** throttle/answered pace the shard's own key (default: provider + account + service). */
  signal: AbortSignal;
  /**
   * The pacing of another rate key of the same scan, for calls a shard makes on someone else's
   * quota (AWS AssumeRole counts against the caller's STS, not the member account's service).
   */
  pacingFor?(key: string): Pacing;
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
  /** A cap on shards at once; default derived from the number of rate keys. */
  concurrency?: number;
  /**
   * A cap on requests per second per rate key (default key: provider + account + service), and
   * where pacing starts; without it pacing starts at the cloud's documented quota and learns.
   */
  requestsPerSecond?: number;
  rateKey?: (spec: ShardSpec) => string;
  /** Requests already sent per rate key before the scan (planning's), which the cloud counted. */
  spent?: ReadonlyMap<string, number>;
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function runShards(
  specs: readonly ShardSpec[],
  execute: ShardExecutor,
  options: EngineOptions = {},
): Promise<ShardRunResult> {
  const keyOf = (s: ShardSpec) => options.rateKey?.(s) ?? defaultRateKey(s);
  const queue = new ShardQueue(specs, keyOf);
  const pacer = new Pacer({
    dispatch: new Dispatch(dispatchSlots(queue.keys)),
    ...(options.requestsPerSecond !== undefined ? { cap: options.requestsPerSecond } : {}),
    rateKey: keyOf,
    ...(options.spent ? { spent: options.spent } : {}),
  });
  const concurrency = shardConcurrency(queue.keys, specs.length, options.concurrency);

  const results: { assets: Asset[]; coverage: Coverage }[] = new Array(specs.length);
  const worker = async () => {
    for (let next = queue.next(); next; next = queue.next()) {
      const spec = queue.item(next.index);
      results[next.index] = await runOne(spec, execute, pacer, options);
      queue.done(next.key);
      options.onShardDone?.(results[next.index]!.coverage, results[next.index]!.assets);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  return {
    assets: results.flatMap((r) => r.assets),
    coverage: results.map((r) => r.coverage),
  };
}

async function runOne(
  spec: ShardSpec,
  execute: ShardExecutor,
  pacer: Pacer,
  options: EngineOptions,
): Promise<{ assets: Asset[]; coverage: Coverage }> {
  const bucket = pacer.bucketFor(spec);
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
      throttle: () => bucket.take(),
      answered: (throttled) => bucket.answered(throttled),
      signal: controller.signal,
      pacingFor: (key) => {
        const other = pacer.bucketForKey(key, spec.provider, true);
        return { throttle: () => other.take(), answered: (throttled) => other.answered(throttled) };
      },
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
    const partial = e instanceof ShardPartlyFailed ? trustedPart(spec, e.assets) : [];
    return {
      assets: partial,
      coverage: {
        ...base,
        status: skipped ? "skipped" : "error",
        error: e instanceof ShardPartlyFailed ? e.message : describeError(e),
        ...(partial.length > 0 ? { assets: partial.length } : {}),
        durationMs: Date.now() - started,
      },
    };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The kinds a partly failed shard did list are kept only if they pass the same checks. */
function trustedPart(spec: ShardSpec, found: readonly Asset[]): Asset[] {
  try {
    return checkAssets(spec, found).assets;
  } catch {
    return [];
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
    // Long enough for an AWS denial (its message names the principal, action and resource) plus
    // the hint of what to grant.
    const message = e.message.split("\n")[0]!.slice(0, 600);
    return name && !message.startsWith(name) ? `${name}: ${message}` : message || name || "error";
  }
  return String(e).slice(0, 300);
}
