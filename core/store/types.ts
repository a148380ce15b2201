// The Store contract (called by `run`, evidence, alerts and the Lambda handlers).
import type { Asset, Coverage, DriftItem, DriftReport, DriftSummary, PolicyResult } from "../model.ts";
import type { PolicySummary } from "./deltas.ts";
import type { LeaseTable, OutboxTable } from "./outbox.ts";

export interface RunRecord {
  runId: string;
  status: "running" | "completed" | "failed";
  startedAt: string;
  finishedAt?: string;
  summary?: DriftSummary;
  policySummary?: PolicySummary;
  newCount?: number;
  resolvedCount?: number;
  coverage?: { ok: number; error: number; skipped: number };
  manifestHash?: string;
  configHash?: string;
  error?: string;
}

export interface CompletedRun {
  /** Items with delta; resolved items included with delta "resolved"; summary excludes them. */
  report: DriftReport;
  newItems: DriftItem[];
  resolvedItems: DriftItem[];
  newPolicyFailures: PolicyResult[];
  resolvedPolicyFailures: PolicyResult[];
  /** DynamoDB items this call wrote (versions, coverage not yet recorded, the run summary). */
  written: number;
}

export interface CompleteOptions {
  beforeCommit?: (
    done: CompletedRun & { finishedAt: string },
  ) => Promise<{ manifestHash?: string } | undefined>;
}

export interface RunRef {
  runId: string;
  startedAt: string;
}

export interface AssetEvent extends RunRef {
  kind: "asset" | "drift" | "policy";
  change: "opened" | "closed";
  /** drift: the item's status; policy: the result's status. */
  status?: string;
  policyId?: string;
}

export interface AssetHistory {
  assetId: string;
  /** The last content stored for the asset. */
  asset?: Asset;
  /** Still present as of the latest completed run (or carried through a failed scan). */
  present: boolean;
  firstSeen?: RunRef;
  lastChanged?: RunRef;
  /** Present assets: the latest completed run; vanished ones: the last run that saw them. */
  lastSeen?: RunRef;
  /** Oldest first. */
  events: AssetEvent[];
}

export interface Store {
  /** Conditional put: throws RunAlreadyExists when the id was used before. */
  startRun(run: { runId: string; startedAt: string; configHash?: string }): Promise<void>;
  recordCoverage(runId: string, coverage: Coverage[]): Promise<void>;
  /**
   * Stores the run's versions, then calls `beforeCommit` (evidence, alert outbox), then marks the
   * run completed in one final write that also carries the manifest hash: a run is never
   * "completed" without what it promised. A crash before that write leaves it `running`, and the
   * same run id redoes it and converges.
   */
  completeRun(
    runId: string,
    report: DriftReport,
    assets: Asset[],
    options?: CompleteOptions,
  ): Promise<CompletedRun>;
  failRun(runId: string, error: string): Promise<void>;
  /** Newest first. */
  listRuns(limit?: number): Promise<RunRecord[]>;
  /** "latest" = latest completed run. */
  getRun(runId: string | "latest"): Promise<RunRecord | undefined>;
  /** The report as completeRun returned it; undefined for unknown or not completed runs. */
  getReport(runId: string | "latest"): Promise<DriftReport | undefined>;
  previousCompletedRun(beforeRunId: string): Promise<RunRecord | undefined>;
  /** Every asset's content as stored at a completed run (carried ones included); undefined for others. */
  assetsAt(runId: string): Promise<Asset[] | undefined>;
  assetHistory(assetId: string): Promise<AssetHistory>;
  /** Open drift items of one status, oldest first (the `open` index). */
  openDrift(status: DriftItem["status"]): Promise<Array<DriftItem & { firstSeen: RunRef }>>;
  setManifestHash(runId: string, sha256: string): Promise<void>;
  /** The alert outbox (core/store/outbox.ts): digests not yet accepted by every sink. */
  readonly outbox: OutboxTable;
  /** One night at a time: a lease taken by a conditional write with an expiry. */
  readonly lease: LeaseTable;
  close(): Promise<void>;
}

export class RunAlreadyExists extends Error {
  override name = "RunAlreadyExists";
  constructor(readonly runId: string) {
    super(`run ${runId} already exists`);
  }
}

export class UnknownRun extends Error {
  override name = "UnknownRun";
  constructor(readonly runId: string) {
    super(`no run ${runId} in the store`);
  }
}
