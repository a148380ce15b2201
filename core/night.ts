// One night after discovery: reconcile → policies → store (deltas) → evidence → alerts.
// The CLI (`aimscan run`, `aimscan demo`) and the finish Lambda both call this, so the nightly
// job is one code path wherever it runs. Bad input is found by prepareNight, before anything is written.
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pkg from "../package.json" with { type: "json" };
import { type AlertDeps, buildDigest, type Digest, type SinkResult } from "./alerts/index.ts";
import { configuredSinks, type Delivery, deliverOutbox } from "./alerts/outbox.ts";
import { writeEvidence } from "./evidence/index.ts";
import { contextIndex, contextualiser, policyCatalog, withContext } from "./findings.ts";
import { loadInventory } from "./inventory.ts";
import { withLeanHeap } from "./lean-heap.ts";
import type { Config, DriftReport, Inventory, Snapshot } from "./model.ts";
import { evaluatePolicies, loadPolicies, type PolicySet } from "./policy/index.ts";
import { assetsById, reconcile, uniqueAssets } from "./reconcile.ts";
import { runIdProblem } from "./run-id.ts";
import type { CompletedRun, Store } from "./store/types.ts";
import { canonicalJson } from "./store/versions.ts";
import { InputError } from "./yamlfile.ts";

export type { AlertDeps };

/** The version evidence records: package.json's, the same the CLI prints with --version. */
export const TOOL_VERSION: string = pkg.version;

export interface Prepared {
  inventory: Inventory;
  policies: PolicySet;
  configHash: string;
}

/** Loads and checks the inventory and policy packs; throws InputError (exit 2) on bad input. */
export function prepareNight(config: Config): Prepared {
  return {
    inventory: loadInventory(config.inventory),
    policies: loadPolicies(config.policies),
    configHash: hashConfig(config),
  };
}

export function hashConfig(config: Config): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex");
}

export interface FinishInput {
  config: Config;
  prepared: Prepared;
  runId: string;
  startedAt: string;
  snapshot: Snapshot;
  store: Store;
  alertDeps?: AlertDeps;
  /** Write the evidence bundle under this folder (default: config.evidence.dir). */
  evidenceDir?: string;
  /**
   * false (`run --no-alerts`): call no sink. Tonight's digest still goes into the outbox, so the
   * next run that delivers sends it (marked as a re-send); nothing is marked delivered.
   */
  deliver?: boolean;
  now?: () => Date;
  /**
   * Called after each commit step (tests kill the process there, as kill -9 would, to prove each
   * stage converges on a redo). Nothing in production passes it.
   */
  checkpoint?: (name: Checkpoint) => Promise<void> | void;
  /** Called as each step before the commit steps ends (bench/night-rss.ts times them). */
  stage?: (name: Stage) => void;
}

/** The commit steps, in order: versions stored, evidence written, outbox written, run completed. */
export type Checkpoint = "stored" | "evidence" | "outbox" | "completed";

/** The steps before them: drift reconciled, policies evaluated, the previous run and trend read. */
export type Stage = "reconciled" | "evaluated" | "read";

export interface NightResult {
  report: DriftReport;
  completed: CompletedRun;
  digest: Digest;
  sinks: SinkResult[];
  evidence: { dir: string; manifestHash: string; files: string[] };
  /** Digests of earlier runs re-sent tonight (a sink had not accepted them). */
  resent: Delivery[];
  /** With `deliver: false`: outbox entries left for the next run (tonight's included). */
  held?: number;
}

/** What each configured sink reports for a digest with nothing in it (nothing to send). */
function emptySinks(config: Config): SinkResult[] {
  return configuredSinks(config.alerts).map((sink) => ({ sink, ok: true, sent: 0 }));
}

/** The report with tonight's results, which only it holds (so dropping them there frees them). */
function withPolicyResults(drift: DriftReport, prepared: Prepared, snapshot: Snapshot, now: () => Date) {
  const { results, notices } = evaluatePolicies(prepared.policies, snapshot.assets, {
    inventory: prepared.inventory,
    report: drift,
    now: now(),
  });
  drift.policyResults = results;
  if (notices.length > 0) drift.notices = notices;
  return drift;
}

export function finishNight(input: FinishInput): Promise<NightResult> {
  return withLeanHeap(() => night(input));
}

async function night(input: FinishInput): Promise<NightResult> {
  const { config, prepared, runId, store } = input;
  const checkpoint = async (name: Checkpoint) => input.checkpoint?.(name);
  const bad = runIdProblem(runId);
  if (bad) throw new InputError(`run id: ${bad}`);
  // Shards can overlap (a resource listed by two calls): one asset per id everywhere downstream.
  // (The same id map serves reconcile: one idKey pass over 100k assets, not two.)
  const ids = assetsById(input.snapshot.assets);
  const snapshot = { ...input.snapshot, assets: uniqueAssets(input.snapshot.assets, ids) };
  const now = input.now ?? (() => new Date());
  const reconciled = reconcile(prepared.inventory, snapshot, { runId, now: now(), ids });
  input.stage?.("reconciled");
  const drift = withPolicyResults(reconciled, prepared, snapshot, now);
  input.stage?.("evaluated");

  const previous = await store.previousCompletedRun(runId);
  // Every output below shows each result with its policy's remediation and its asset's system.
  const sources = { catalog: policyCatalog(prepared.policies), inventory: prepared.inventory };
  // The evidence enriches each result as it writes it (`copy`); the report's results get their
  // context in place only after the bundle is written: on 636k results at 100k assets it is ~40 MB
  // more, held through the bundle, where the night peaked. In place is safe: these are the store's
  // own copies of tonight's results, which nothing else reads. One index for both (each would
  // build a 100k-entry item index).
  const contexts = (stored: CompletedRun) => {
    const index = contextIndex(stored.report, sources);
    return {
      copy: contextualiser(stored.report, sources, { index }),
      inPlace: contextualiser(stored.report, sources, { index, inPlace: true }),
    };
  };
  // The trend before tonight; tonight's run is added by the bundle itself (it is not completed yet).
  const runs = (await store.listRuns(30)).filter((r) => r.runId !== runId);
  input.stage?.("read");
  let evidence: NightResult["evidence"] | undefined;
  let completed: CompletedRun | undefined;
  let digest: Digest | undefined;
  // Commit order (DESIGN.md): versions → evidence → alert outbox → run marked completed (with its
  // manifest hash) → delivery.
  // A crash anywhere before the last write leaves the run `running`; the same id redoes it.
  await store.completeRun(runId, drift, snapshot.assets, {
    beforeCommit: async (done) => {
      // The versions are stored and the store returned its own copies of tonight's results: the
      // evaluated ones (636k at 100k assets) are not needed again.
      drift.policyResults = [];
      // Nor are the reconciled items: the store's report has its own (with their deltas).
      drift.items = [];
      await checkpoint("stored");
      const context = contexts(done);
      const sealed: CompletedRun = {
        ...done,
        newPolicyFailures: done.newPolicyFailures.map(context.inPlace),
        resolvedPolicyFailures: done.resolvedPolicyFailures.map(context.inPlace),
      };
      completed = sealed;
      evidence = await writeEvidence({
        dir: input.evidenceDir ?? config.evidence.dir,
        runId,
        startedAt: input.startedAt,
        finishedAt: done.finishedAt,
        report: sealed.report,
        assets: snapshot.assets,
        inventory: prepared.inventory,
        runs,
        ...(previous?.manifestHash ? { previousManifestHash: previous.manifestHash } : {}),
        toolVersion: TOOL_VERSION,
        configHash: prepared.configHash,
        enrich: context.copy,
      });
      sealed.report = withContext(done.report, sources, context.inPlace);
      await checkpoint("evidence");
      digest = buildDigest({
        runId,
        report: sealed.report,
        newItems: sealed.newItems,
        resolvedItems: sealed.resolvedItems,
        newPolicyFailures: sealed.newPolicyFailures,
        resolvedPolicyFailures: sealed.resolvedPolicyFailures,
        reportUrl: config.alerts.reportUrl ?? pathToFileURL(resolve(evidence.dir, "report.html")).href,
      });
      digest.manifestHash = evidence.manifestHash;
      const sinks = configuredSinks(config.alerts);
      if (!digest.empty && sinks.length > 0) {
        await store.outbox.put({ runId, startedAt: input.startedAt, digest, pending: sinks });
      }
      await checkpoint("outbox");
      return { manifestHash: evidence.manifestHash };
    },
  });
  await checkpoint("completed");
  if (!evidence || !completed)
    throw new Error(`run ${runId}: the store completed it without writing evidence`);

  if (input.deliver === false) {
    const held = (await store.outbox.pending()).length;
    return { report: completed.report, completed, digest: digest!, sinks: [], evidence, resent: [], held };
  }
  // A sink that fails is recorded in its result and stays in the outbox; it never fails the run.
  const deliveries = await deliverOutbox(store.outbox, config.alerts, input.alertDeps ?? {}, runId);
  const sinks = deliveries.find((d) => d.runId === runId)?.sinks ?? emptySinks(config);
  const resent = deliveries.filter((d) => d.runId !== runId);
  return { report: completed.report, completed, digest: digest!, sinks, evidence, resent };
}
