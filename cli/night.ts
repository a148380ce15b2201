// The whole nightly job in one process (what `aimscan run` and `aimscan demo` do; in AWS the
// same steps run as plan → scan shards → finish Lambdas): start the run, scan, record coverage,
// then finishNight. A crash marks the run failed in the store, so it never becomes "previous".
import { randomUUID } from "node:crypto";
import { withLeanHeap } from "../core/lean-heap.ts";
import type { Config, Coverage, Snapshot } from "../core/model.ts";
import { type AlertDeps, finishNight, type NightResult, type Prepared } from "../core/night.ts";
import { runIdProblem } from "../core/run-id.ts";
import { RunAlreadyExists, type Store } from "../core/store/types.ts";
import { InputError } from "../core/yamlfile.ts";
import { describeError } from "../scanners/engine.ts";
import { type ScanDeps, scan } from "../scanners/index.ts";
import { DEFAULT_LEASE_MS, holdLease, leaseOwner } from "./lease.ts";
import type { ScanProgress } from "./progress.ts";

const COVERAGE_BATCH = 10;

export interface NightOptions {
  config: Config;
  prepared: Prepared;
  store: Store;
  runId?: string;
  scanDeps?: ScanDeps;
  alertDeps?: AlertDeps;
  /** false: call no sink, leave the digest in the outbox (`run --no-alerts`). */
  deliver?: boolean;
  /** Scan progress after each shard (cli/progress.ts prints it for people). */
  progress?: (p: ScanProgress) => void;
  /** Wait this long for another night holding the store's lease (default 0: give up at once, exit 2). */
  waitMs?: number;
  /** Said once when the night waits for another one (stderr). */
  onWait?: (line: string) => void;
}

export interface NightRun extends NightResult {
  runId: string;
  snapshot: Snapshot;
}

/** A sortable, unique run id: UTC time first so ids order like runs. */
export function newRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}-${randomUUID().slice(0, 8)}`;
}

export async function runNight(options: NightOptions): Promise<NightRun> {
  const { config, store } = options;
  const runId = options.runId ?? newRunId();
  const bad = runIdProblem(runId);
  if (bad) throw new InputError(`run id: ${bad}`);
  // One night at a time per store (cli/lease.ts): taken before the run exists, so a night that
  // gives up here has written nothing.
  const lease = await holdLease(store.lease, leaseOwner(runId), {
    ms: leaseMs(config),
    waitMs: options.waitMs ?? 0,
    onWait: (held) =>
      options.onWait?.(`waiting for another night (${held.owner}, lease until ${held.until})`),
  });
  try {
    // From before the scan: the snapshot it builds is most of what the heap grows by (lean-heap.ts).
    return await withLeanHeap(() => leasedNight(options, runId, () => lease.lost()));
  } finally {
    await lease.release();
  }
}

async function leasedNight(
  options: NightOptions,
  runId: string,
  lost: () => string | undefined,
): Promise<NightRun> {
  const { config, prepared, store } = options;
  const startedAt = await startOrResume(store, {
    runId,
    startedAt: new Date().toISOString(),
    configHash: prepared.configHash,
  });
  try {
    // Coverage is stored as shards finish (in batches), so a run that dies mid-scan still says
    // what it had covered; a failed write surfaces below and fails the run.
    const pending: Coverage[] = [];
    let written: Promise<void> = Promise.resolve();
    const flush = () => {
      const batch = pending.splice(0);
      if (batch.length > 0) written = written.then(() => store.recordCoverage(runId, batch));
      return written;
    };
    const snapshot = await scan(config, {
      ...(options.scanDeps ? { deps: options.scanDeps } : {}),
      onProgress: (p) => {
        pending.push(p.coverage);
        if (pending.length >= COVERAGE_BATCH) void flush().catch(() => {});
        options.progress?.(p);
      },
    });
    await flush();
    // A night that stalled past its lease must not commit beside the one that took it over.
    const taker = lost();
    if (taker) throw new Error(`run ${runId}: lost the store's night lease to ${taker}; nothing committed`);
    const result = await finishNight({
      config,
      prepared,
      runId,
      startedAt,
      snapshot,
      store,
      alertDeps: options.alertDeps,
      ...(options.deliver === false ? { deliver: false } : {}),
    });
    return { ...result, runId, snapshot };
  } catch (e) {
    await store.failRun(runId, describeError(e)).catch(() => {});
    throw e;
  }
}

function leaseMs(config: Config): number {
  const seconds = config.store.type === "memory" ? undefined : config.store.leaseSeconds;
  return seconds !== undefined ? seconds * 1000 : DEFAULT_LEASE_MS;
}

/**
 * A run id is used once: a completed run is never redone. A run that failed or was killed
 * mid-write is redone under the same id, and the store's idempotent keys make it converge.
 */
async function startOrResume(
  store: Store,
  run: { runId: string; startedAt: string; configHash: string },
): Promise<string> {
  try {
    await store.startRun(run);
    return run.startedAt;
  } catch (e) {
    if (!(e instanceof RunAlreadyExists)) throw e;
    const existing = await store.getRun(run.runId);
    if (existing?.status === "completed")
      throw new InputError(`run ${run.runId} already completed; use a new run id`);
    return existing?.startedAt ?? run.startedAt;
  }
}
