// Evidence bundle writer: one folder per run with report.json, inventory.cdx.json, three CSVs,
// report.html and a manifest that hashes them and links to the previous run's manifest.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Asset, DriftReport, Inventory, PolicyResult } from "../model.ts";
import { assetContext } from "./context.ts";
import { writeAssetsCsv, writeDriftCsv, writePoliciesCsv } from "./csv.ts";
import { streamedCycloneDx } from "./cyclonedx.ts";
import { StreamedArray, sortedKeys, writeJson } from "./json-stream.ts";
import { MANIFEST, MANIFEST_SEAL, type Manifest, sealText, sha256 } from "./manifest.ts";
import { writeReportHtml } from "./report-html.ts";
import { FileSink, type Write } from "./sink.ts";
import type { TrendRun } from "./trend-chart.ts";

export type { Manifest } from "./manifest.ts";
export type { TrendRun } from "./trend-chart.ts";
export { verifyEvidence } from "./verify.ts";

/** The store's RunRecord as far as evidence reads it (trend chart and chain). */
export interface EvidenceRun extends TrendRun {
  manifestHash?: string;
}

export interface EvidenceInput {
  dir: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  report: DriftReport;
  assets: Asset[];
  inventory: Inventory;
  /** Trend, newest first (the store's listRuns). */
  runs: EvidenceRun[];
  previousManifestHash?: string;
  /** The run that hash belongs to; default: looked up in `runs` by its manifest hash. */
  previousRunId?: string;
  toolVersion: string;
  configHash: string;
  /**
   * The context each policy result is shown with (findings.ts contextualiser), given to one result
   * at a time as the files are written; absent: the report's results carry it already. The night's
   * 636k results at 100k assets would hold ~40 MB more through the bundle with it added in place.
   */
  enrich?: (r: PolicyResult) => PolicyResult;
}

export interface EvidenceWritten {
  /** The run's folder, `<dir>/<runId>`. */
  dir: string;
  /** SHA-256 of manifest.json: what the next run links to (store it with setManifestHash). */
  manifestHash: string;
  /** Absolute paths of every file written. */
  files: string[];
}

// Run ids become folder names; anything that could climb out of `dir` is refused.
const SAFE_RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

export async function writeEvidence(input: EvidenceInput): Promise<EvidenceWritten> {
  if (!SAFE_RUN_ID.test(input.runId))
    throw new Error(`run id ${JSON.stringify(input.runId)} cannot name a folder`);
  // Written aside and renamed into place, so a crash never leaves a half bundle under the run's name.
  // Each file is written and hashed while it is rendered (sink.ts), never held whole: at 100k assets
  // the files together are hundreds of MB of text, more than the rest of the night holds at once.
  const root = resolve(input.dir);
  const final = join(root, input.runId);
  const partial = join(root, `.${input.runId}.partial-${process.pid}-${Date.now()}`);
  await mkdir(partial, { recursive: true });
  const names: string[] = [];
  try {
    const files: Manifest["files"] = [];
    const sha256Of = (name: string) => files.find((f) => f.name === name)?.sha256;
    for (const [name, render] of renderFiles(input, sha256Of)) {
      const sink = new FileSink(join(partial, name));
      try {
        render(sink.write);
      } catch (e) {
        sink.abandon();
        throw e;
      }
      files.push({ name, ...sink.close() });
      names.push(name);
    }
    const manifest: Manifest = {
      schemaVersion: 1,
      tool: "aimscan",
      toolVersion: input.toolVersion,
      runId: input.runId,
      startedAt: input.startedAt,
      finishedAt: input.finishedAt,
      configHash: input.configHash,
      algorithm: "sha256",
      previousRunId: previousRunId(input) ?? null,
      previousManifestHash: input.previousManifestHash ?? null,
      files,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    const manifestHash = sha256(manifestText);
    await writeFile(join(partial, MANIFEST), manifestText);
    await writeFile(join(partial, MANIFEST_SEAL), sealText(manifestHash));
    names.push(MANIFEST, MANIFEST_SEAL);
    await rm(final, { recursive: true, force: true });
    await rename(partial, final);
    return { dir: final, manifestHash, files: names.map((n) => join(final, n)) };
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

/** The bundle's files in manifest order, each rendered into its file only when it is asked for. */
function* renderFiles(
  input: EvidenceInput,
  sha256Of: (name: string) => string | undefined,
): Generator<[string, (write: Write) => void]> {
  const { report, enrich } = input;
  const ctx = assetContext(report, input.inventory);
  const resolved = report.resolvedPolicyResults;
  const json = (v: unknown, write: Write) => {
    writeJson(v, write);
    write("\n");
  };
  const policy = { pass: 0, fail: 0, error: 0, waived: 0 };
  for (const r of report.policyResults) policy[r.status]++;
  const coverage = { ok: 0, error: 0, skipped: 0 };
  for (const c of report.coverage) coverage[c.status]++;
  const reportJson = {
    schemaVersion: 1,
    runId: input.runId,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    toolVersion: input.toolVersion,
    configHash: input.configHash,
    summary: report.summary,
    policySummary: policy,
    coverageSummary: coverage,
    // The same text as the report with its results enriched: each is enriched as it is written.
    report: enrich
      ? {
          ...report,
          policyResults: new StreamedArray(() => mapped(report.policyResults, enrich)),
          ...(resolved ? { resolvedPolicyResults: new StreamedArray(() => mapped(resolved, enrich)) } : {}),
        }
      : report,
  };
  // Keys sorted: the file depends on the report's content, not on how it was (de)serialised.
  yield [
    "report.json",
    (write) => {
      writeJson(reportJson, write, sortedKeys);
      write("\n");
    },
  ];
  yield ["inventory.cdx.json", (write) => json(streamedCycloneDx(input, ctx), write)];
  yield ["assets.csv", (write) => writeAssetsCsv(input.assets, ctx, write)];
  yield ["drift.csv", (write) => writeDriftCsv(report.items, write)];
  yield [
    "policies.csv",
    (write) =>
      enrich
        ? writePoliciesCsv(mapped(report.policyResults, enrich), mapped(resolved ?? [], enrich), write)
        : writePoliciesCsv(report.policyResults, resolved, write),
  ];
  yield [
    "report.html",
    (write) =>
      writeReportHtml(
        {
          runId: input.runId,
          startedAt: input.startedAt,
          finishedAt: input.finishedAt,
          toolVersion: input.toolVersion,
          configHash: input.configHash,
          report: enrich
            ? {
                ...report,
                policyResults: pageResults(report.policyResults, enrich),
                ...(resolved ? { resolvedPolicyResults: resolved.map(enrich) } : {}),
              }
            : report,
          runs: input.runs,
          assetCount: input.assets.length,
          // The page names the hash of the data it shows (report.json, written first); its own
          // hash is in the manifest.
          reportJsonSha256: sha256Of("report.json") ?? "",
          previousManifestHash: input.previousManifestHash,
          previousRunId: previousRunId(input),
        },
        write,
      ),
  ];
}

/**
 * The results as report.html reads them: every one that is not a pass enriched (the page lists
 * them with their context), and of the passes only the first of each control and policy, whose
 * title names the policy in the controls table (report-html-data.ts controlViews); the other
 * passes are only counted.
 */
function pageResults(results: readonly PolicyResult[], enrich: (r: PolicyResult) => PolicyResult) {
  const named = new Set<string>();
  return results.map((r) => {
    let first = false;
    for (const c of r.controls.length ? r.controls : [""]) {
      const key = `${c}\u0000${r.policyId}`;
      if (!named.has(key)) {
        named.add(key);
        first = true;
      }
    }
    return r.status !== "pass" || first ? enrich(r) : r;
  });
}

function* mapped<T, U>(list: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of list) yield f(t);
}

function previousRunId(input: EvidenceInput): string | undefined {
  if (!input.previousManifestHash) return undefined;
  return input.previousRunId ?? input.runs.find((r) => r.manifestHash === input.previousManifestHash)?.runId;
}
