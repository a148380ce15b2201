// `aimscan evidence export --run ID|latest --out DIR` re-creates a run's evidence bundle from the
// store; `aimscan evidence verify DIR` checks a bundle (or a folder of them) without trusting aimscan;
// `--store` (implied by --config) also compares every bundle with the manifest hashes the store recorded.
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { loadConfig } from "../../core/config.ts";
import { type EvidenceRun, verifyEvidence, writeEvidence } from "../../core/evidence/index.ts";
import { sha256 } from "../../core/evidence/manifest.ts";
import { verifyAgainstStore } from "../../core/evidence/verify-store.ts";
import { withContext } from "../../core/findings.ts";
import { idKey } from "../../core/ids.ts";
import type { Asset, DriftItem, DriftReport } from "../../core/model.ts";
import { hashConfig, TOOL_VERSION } from "../../core/night.ts";
import { printable } from "../../core/printable.ts";
import { openStore, type RunRecord, type Store } from "../../core/store/index.ts";
import { InputError } from "../../core/yamlfile.ts";
import { action } from "../action.ts";
import { contextSources } from "../context.ts";
import { configOption } from "./options.ts";

const TREND_RUNS = 30;

export function register(program: Command): void {
  const evidence = program.command("evidence").description("write or check hash-chained evidence bundles");
  evidence
    .command("export")
    .description(
      "write a stored run's evidence bundle to <out>/<runId>/: the same bytes the run wrote, if the inventory and policy packs are unchanged",
    )
    .addOption(configOption())
    .option("--run <id>", "run id, or latest (the latest completed run)", "latest")
    .option("--out <dir>", "folder for run folders (default: evidence.dir from the config)")
    .action(action((opts: { config?: string; run: string; out?: string }) => exportEvidence(opts)));
  evidence
    .command("verify")
    .description(
      "recompute every SHA-256 and walk the chain; names the first file or link that fails. With --store, " +
        "also one line per bundle that differs from the store's manifest hash, per completed run without a bundle, per broken link",
    )
    .argument(
      "[dir]",
      "a run folder, a folder of run folders, or a folder of those (e.g. aimscan-out); default with --store: evidence.dir",
    )
    .addOption(configOption())
    .option("--store", "also check every bundle against the run records in the store (implied by --config)")
    .addOption(
      new Option("--format <format>", "text | json (json: {ok, checked, chains, runs, problem?, store?})")
        .choices(["text", "json"])
        .default("text"),
    )
    .action(
      action((dir: string | undefined, opts: { format: string; store?: boolean; config?: string }) =>
        opts.store || opts.config ? verifyWithStore(dir, opts) : verify(dir, opts.format),
      ),
    );
}

async function exportEvidence(opts: { config?: string; run: string; out?: string }): Promise<number> {
  const config = loadConfig(opts.config);
  const store = await openStore(config.store, { retentionDays: config.retentionDays });
  try {
    const run = await store.getRun(opts.run);
    if (run?.status !== "completed") {
      process.stderr.write(
        run
          ? `run ${run.runId} is ${run.status}: it has no evidence\n`
          : opts.run === "latest"
            ? "No completed run in the store yet. Run `aimscan run --config F` first (or pass --config to read another store).\n"
            : `no completed run ${opts.run} in the store\n`,
      );
      return 2;
    }
    const stored = await store.getReport(run.runId);
    if (!stored) {
      process.stderr.write(`run ${run.runId} has no stored report\n`);
      return 2;
    }
    const sources = contextSources(config, (line) => process.stderr.write(`${line}\n`));
    // As the run wrote it: every result with its policy's remediation and its asset's system.
    const report = withContext(stored, sources);
    const previous = await store.previousCompletedRun(run.runId);
    // The trend ends at the exported run, even when later runs exist.
    const runs: EvidenceRun[] = (await store.listRuns(TREND_RUNS * 2))
      .filter((r) => r.startedAt <= run.startedAt)
      .slice(0, TREND_RUNS);
    const dir = opts.out ?? config.evidence.dir;
    // Evidence is never overwritten: the run's own bundle (the default --out) is the sealed original.
    if (lstatOrUndefined(join(dir, run.runId))) {
      throw new InputError(
        `${join(dir, run.runId)}: a bundle for run ${run.runId} already exists; evidence is never overwritten (give --out ANOTHER_FOLDER)`,
      );
    }
    const link = previous ? previousLink(dir, previous) : undefined;
    const out = await writeEvidence({
      dir,
      runId: run.runId,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt ?? report.generatedAt,
      report,
      assets: await storedAssets(store, run.runId, report),
      inventory: sources.inventory ?? { systems: [] },
      runs,
      ...(link ? { previousManifestHash: link, previousRunId: previous!.runId } : {}),
      toolVersion: TOOL_VERSION,
      configHash: run.configHash ?? hashConfig(config),
    });
    process.stdout.write(
      `wrote ${out.dir} (${out.files.length} files), manifest sha256 ${out.manifestHash}\n`,
    );
    if (!run.manifestHash) {
      await store.setManifestHash(run.runId, out.manifestHash);
    } else if (run.manifestHash !== out.manifestHash) {
      // The chain keeps pointing at the bundle the run itself wrote; a re-export is a copy, not a replacement.
      process.stderr.write(
        `note: the store links run ${run.runId} to manifest ${run.manifestHash} (the bundle written by the run); ` +
          "this export differs, so the next run's link refers to the original bundle\n",
      );
    }
    if (previous && !link) {
      process.stderr.write(
        `note: previous run ${previous.runId} has no evidence; this bundle starts a new chain\n`,
      );
    } else if (previous?.manifestHash && link !== previous.manifestHash) {
      process.stderr.write(
        `note: linked to the copy of run ${previous.runId} in ${dir} (the store records ${previous.manifestHash} for the original)\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function verify(dir: string | undefined, format: string): Promise<number> {
  if (dir === undefined)
    throw new InputError(
      "evidence verify: give the evidence folder, or --store to verify evidence.dir against the store",
    );
  const result = await verifyEvidence(dir);
  if (format === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.ok) {
    const chains = result.chains === 1 ? "hash chain intact" : `${result.chains} hash chains, each intact`;
    process.stdout.write(`verified: ${result.checked} files of ${result.runs} runs in ${dir}, ${chains}\n`);
  } else process.stdout.write(`NOT VERIFIED: ${result.problem}\n`);
  return result.ok ? 0 : 1;
}

async function verifyWithStore(
  given: string | undefined,
  opts: { format: string; config?: string },
): Promise<number> {
  const config = loadConfig(opts.config);
  const dir = given ?? config.evidence.dir;
  const store = await openStore(config.store, { retentionDays: config.retentionDays });
  let runs: RunRecord[];
  try {
    runs = await store.listRuns(1_000_000);
  } finally {
    await store.close();
  }
  // The store decides about the oldest run's predecessor: it may have expired, or it is missing.
  const folder = await verifyEvidence(dir, { predecessors: "store" });
  const check = await verifyAgainstStore(dir, runs, { retentionDays: config.retentionDays });
  const problems = [...(folder.problem ? [folder.problem] : []), ...check.problems];
  const ok = problems.length === 0;
  if (opts.format === "json") {
    process.stdout.write(`${JSON.stringify({ ...folder, ok, store: check }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  for (const note of check.notes) process.stderr.write(`note: ${printable(note)}\n`);
  if (ok) {
    const chains = folder.chains === 1 ? "hash chain intact" : `${folder.chains} hash chains, each intact`;
    process.stdout.write(
      `verified: ${folder.checked} files of ${folder.runs} runs in ${dir}, ${chains}; ` +
        `${check.matched} completed runs match the store's manifest hashes\n`,
    );
  } else for (const p of problems) process.stdout.write(`NOT VERIFIED: ${printable(p)}\n`);
  return ok ? 0 : 1;
}

/**
 * What this bundle links to: the previous run's bundle in the same folder when there is one (so a
 * range exported together verifies as a chain), else the manifest hash the store recorded for it.
 */
function previousLink(dir: string, previous: RunRecord): string | undefined {
  const file = join(dir, previous.runId, "manifest.json");
  return existsSync(file) ? sha256(readFileSync(file)) : previous.manifestHash;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

const OBSERVED = new Set<DriftItem["status"]>(["matched", "changed", "undeclared", "ambiguous"]);

/** The run's observed assets as the store held them at that run, else what the drift item shows. */
async function storedAssets(store: Store, runId: string, report: DriftReport): Promise<Asset[]> {
  // Observed in this run only: a carried item (its scope not rescanned, `reason` says so) was not
  // in the run's snapshot, so it is not in the bundle the run wrote either.
  const items = report.items.filter(
    (i) => i.assetId && i.delta !== "resolved" && OBSERVED.has(i.status) && i.reason === undefined,
  );
  const unique = [...new Map(items.map((i) => [idKey(i.assetId!), i])).values()];
  const stored = new Map(((await store.assetsAt(runId)) ?? []).map((a) => [idKey(a.id), a]));
  return unique.map((item) => stored.get(idKey(item.assetId!)) ?? fromItem(item));
}

function fromItem(item: DriftItem): Asset {
  const a = item.asset;
  return {
    id: item.assetId!,
    provider: a?.provider ?? "aws",
    service: a?.service ?? "unknown",
    kind: a?.kind ?? "unknown",
    account: a?.account ?? "unknown",
    region: a?.region ?? "unknown",
    name: a?.name ?? item.assetId!,
    tags: {},
    attributes: {},
  };
}
