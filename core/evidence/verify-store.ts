// `evidence verify --store`: the folder check (verify.ts) proves the bundles agree with each other;
// this proves they agree with the store, which recorded each completed run's manifest hash when it
// committed the run. A consistent forgery (every file re-hashed, later runs re-chained) or a deleted
// newest or oldest run passes the folder check alone; it cannot match the store's record.
// Every disagreement is one line; the caller prints them all and exits non-zero.
import { readdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { RunRecord } from "../store/types.ts";
import { MANIFEST, sha256 } from "./manifest.ts";

export interface StoreCheck {
  ok: boolean;
  /** Completed runs in the store whose bundle matched their recorded manifest hash. */
  matched: number;
  problems: string[];
  /** What could not be checked, and why (a run expired from the store). */
  notes: string[];
}

interface Bundle {
  label: string;
  runId?: string;
  startedAt?: string;
  previousRunId?: string | null;
  previousManifestHash?: string | null;
  hash: string;
}

const MAX_DEPTH = 4;
const DAY_MS = 86_400_000;

/**
 * `runs`: every run the store holds (newest first, as Store.listRuns). A bundle the store does not
 * know is a problem unless it is older than the retention, when the store has let the run expire.
 */
export async function verifyAgainstStore(
  dir: string,
  runs: RunRecord[],
  options: { retentionDays: number; now?: Date },
): Promise<StoreCheck> {
  const bundles = await listBundles(resolve(dir));
  const byRun = new Map<string, Bundle[]>();
  for (const b of bundles) if (b.runId) byRun.set(b.runId, [...(byRun.get(b.runId) ?? []), b]);
  const known = new Map(runs.map((r) => [r.runId, r]));
  const problems: string[] = [];
  const notes: string[] = [];
  let matched = 0;
  const completed = runs.filter((r) => r.status === "completed");
  for (const run of completed) {
    const copies = byRun.get(run.runId) ?? [];
    if (!run.manifestHash) {
      problems.push(
        `run ${run.runId}: completed in the store without a manifest hash (its evidence was never sealed)`,
      );
      continue;
    }
    if (copies.length === 0) {
      problems.push(
        `run ${run.runId}: completed in the store (manifest ${run.manifestHash}) but has no bundle in ${dir}`,
      );
      continue;
    }
    const wrong = copies.filter((b) => b.hash !== run.manifestHash);
    for (const b of wrong) {
      problems.push(
        `${b.label}/${MANIFEST}: SHA-256 ${b.hash} differs from the store's record for run ${run.runId} (${run.manifestHash})`,
      );
    }
    if (wrong.length === 0) matched++;
  }
  // The chain as the store knows it: each bundle links to the run completed before it.
  const previousOf = new Map(completed.map((r, i) => [r.runId, completed[i + 1]]));
  const cutoff = (options.now ?? new Date()).getTime() - options.retentionDays * DAY_MS;
  for (const b of bundles) {
    if (!b.runId) continue;
    const run = known.get(b.runId);
    if (!run) {
      if (b.startedAt && Date.parse(b.startedAt) < cutoff) {
        notes.push(
          `${b.label}: run ${b.runId} has expired from the store (older than ${options.retentionDays} days)`,
        );
      } else
        problems.push(
          `${b.label}: run ${b.runId} is not in the store (a bundle of a run that never completed there)`,
        );
      continue;
    }
    if (run.status !== "completed") {
      problems.push(
        `${b.label}: run ${b.runId} is ${run.status} in the store; only a completed run has evidence`,
      );
      continue;
    }
    const previous = previousOf.get(b.runId);
    const link = b.previousManifestHash ?? null;
    if (previous?.manifestHash && link !== previous.manifestHash) {
      problems.push(
        `${b.label}/${MANIFEST}: links to ${link ?? "no previous run"}, but the store's previous run ${previous.runId} has manifest ${previous.manifestHash}`,
      );
    } else if (!previous && link !== null) {
      notes.push(
        `${b.label}: its predecessor ${b.previousRunId ?? "?"} is no longer in the store; that link was not checked`,
      );
    }
  }
  return { ok: problems.length === 0, matched, problems, notes };
}

/** Every folder holding a manifest.json, without following links (verify.ts refuses those). */
async function listBundles(root: string): Promise<Bundle[]> {
  const found: Bundle[] = [];
  const walk = async (dir: string, label: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.isFile() && e.name === MANIFEST)) {
      found.push(await readBundle(dir, label || basename(dir)));
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).sort(byName)) {
      await walk(join(dir, e.name), label ? `${label}/${e.name}` : e.name, depth + 1);
    }
  };
  await walk(root, "", 0);
  return found;
}

async function readBundle(dir: string, label: string): Promise<Bundle> {
  const bytes = await readFile(join(dir, MANIFEST));
  const bundle: Bundle = { label, hash: sha256(bytes) };
  try {
    const m = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    if (typeof m.runId === "string") bundle.runId = m.runId;
    if (typeof m.startedAt === "string") bundle.startedAt = m.startedAt;
    if (typeof m.previousRunId === "string" || m.previousRunId === null)
      bundle.previousRunId = m.previousRunId;
    if (typeof m.previousManifestHash === "string" || m.previousManifestHash === null)
      bundle.previousManifestHash = m.previousManifestHash;
  } catch {
    // Unreadable manifests are the folder check's to name; here the bundle matches no run.
  }
  return bundle;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
