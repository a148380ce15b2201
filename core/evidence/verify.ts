// Checks evidence without trusting the tool that wrote it: recomputes every SHA-256, then walks the
// hash chain from the oldest run to the newest. Stops at, and names, the first file or link that
// does not verify. Limits: the oldest run's own link and the removal of the newest run cannot be
// seen from the folder alone (compare the newest manifest hash with the store or Object Lock copy:
// `evidence verify --store`, core/evidence/verify-store.ts). Symbolic links, a folder not named by
// its run id and a chain whose oldest run names a predecessor the folder lacks are refused.
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { MANIFEST, MANIFEST_SEAL, Manifest, sealText, sha256 } from "./manifest.ts";

export interface VerifyResult {
  ok: boolean;
  /** Files whose hash was recomputed and matched. */
  checked: number;
  /** Chains found (one per folder of run folders; a single bundle is one) and runs in them. */
  chains: number;
  runs: number;
  problem?: string;
}

interface LoadedRun {
  label: string;
  dir: string;
  manifest: Manifest;
  hash: string;
}

class Problem extends Error {}

export interface VerifyOptions {
  /**
   * The oldest run of a chain names a predecessor the folder lacks: a problem by default (the run
   * may have been deleted); with "store", the store check decides (the predecessor may have expired).
   */
  predecessors?: "folder" | "store";
}

export async function verifyEvidence(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  let checked = 0;
  let verifiedRuns = 0;
  let chains: { dir: string; label: string }[][] = [];
  try {
    chains = await findChains(resolve(dir));
    for (const folders of chains) {
      const runs: LoadedRun[] = [];
      for (const f of folders) {
        runs.push(await loadRun(f.dir, f.label));
        checked++;
      }
      runs.sort(
        (a, b) =>
          a.manifest.startedAt.localeCompare(b.manifest.startedAt) ||
          a.manifest.runId.localeCompare(b.manifest.runId),
      );
      // A single bundle given alone may name a predecessor; a folder of runs must hold its chain.
      const single = folders.length === 1 && folders[0]!.dir === resolve(dir);
      if (runs[0] && !single && options.predecessors !== "store") checkOldest(runs[0]);
      let previous: LoadedRun | undefined;
      for (const run of runs) {
        checked += await checkFiles(run);
        if (previous) checkLink(run, previous);
        previous = run;
        verifiedRuns++;
      }
    }
    return { ok: true, checked, chains: chains.length, runs: verifiedRuns };
  } catch (e) {
    if (e instanceof Problem)
      return { ok: false, checked, chains: chains.length, runs: verifiedRuns, problem: e.message };
    throw e;
  }
}

const MAX_DEPTH = 4;

/**
 * A run folder (holds manifest.json) is one chain of one; a folder of run folders is one chain; a
 * folder of such folders (`aimscan-out/` holding `demo/<runId>/…`) is one chain per folder that
 * holds runs. Hidden entries are ignored; labels are paths relative to what was given.
 */
async function findChains(root: string): Promise<{ dir: string; label: string }[][]> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new Problem(`${root}: not a folder`);
  if (await isRun(root)) return [[{ dir: root, label: basename(root) }]];
  const chains: { dir: string; label: string }[][] = [];
  const walk = async (dir: string, label: string, depth: number) => {
    const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith("."));
    const at = (name: string) => (label ? `${label}/${name}` : name);
    // A link could swap a run for another folder (or /etc): evidence is real folders and files.
    const link = entries.find((e) => e.isSymbolicLink());
    if (link) throw new Problem(`${at(link.name)}: a symbolic link, not a run folder`);
    const subdirs = entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const runs: string[] = [];
    const others: string[] = [];
    for (const name of subdirs) ((await isRun(join(dir, name))) ? runs : others).push(name);
    if (runs.length > 0) chains.push(runs.map((name) => ({ dir: join(dir, name), label: at(name) })));
    for (const name of others) {
      const before = chains.length;
      if (depth < MAX_DEPTH) await walk(join(dir, name), at(name), depth + 1);
      // Beside run folders, a folder that holds no runs is a bundle that lost its manifest.
      if (runs.length > 0 && chains.length === before) throw new Problem(`${at(name)}/${MANIFEST}: missing`);
    }
  };
  await walk(root, "", 1);
  if (chains.length === 0) throw new Problem(`${root}: no evidence runs found`);
  return chains;
}

async function isRun(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.includes(MANIFEST) || names.includes(MANIFEST_SEAL);
}

async function loadRun(dir: string, label: string): Promise<LoadedRun> {
  const manifestBytes = await readOrProblem(dir, label, MANIFEST);
  const sealBytes = await readOrProblem(dir, label, MANIFEST_SEAL);
  const hash = sha256(manifestBytes);
  if (sealBytes.toString("utf8") !== sealText(hash)) {
    throw new Problem(`${label}/${MANIFEST}: SHA-256 ${hash} does not match ${MANIFEST_SEAL}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestBytes.toString("utf8"));
  } catch {
    throw new Problem(`${label}/${MANIFEST}: not valid JSON`);
  }
  const manifest = Manifest.safeParse(parsed);
  if (!manifest.success) {
    const issue = manifest.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new Problem(`${label}/${MANIFEST}: ${where}${issue.message}`);
  }
  // The folder is the run's name in every listing: a renamed or swapped folder is not that run.
  if (basename(dir) !== manifest.data.runId) {
    throw new Problem(
      `${label}: the folder holds run ${manifest.data.runId}; a run's folder is named by its run id`,
    );
  }
  return { label, dir, manifest: manifest.data, hash };
}

function checkOldest(run: LoadedRun): void {
  const { previousRunId, previousManifestHash } = run.manifest;
  if (previousManifestHash === null) return;
  throw new Problem(
    `${run.label}/${MANIFEST}: links to run ${previousRunId ?? "?"} (${previousManifestHash}), which is not in the folder ` +
      "(a deleted oldest run; verify the folder that holds the whole chain, or add --store to check against the store)",
  );
}

async function checkFiles(run: LoadedRun): Promise<number> {
  const listed = new Set([MANIFEST, MANIFEST_SEAL]);
  for (const f of run.manifest.files) {
    const bytes = await readOrProblem(run.dir, run.label, f.name);
    const actual = sha256(bytes);
    if (actual !== f.sha256) {
      throw new Problem(
        `${run.label}/${f.name}: SHA-256 ${actual} does not match the manifest (${f.sha256})`,
      );
    }
    listed.add(f.name);
  }
  // A file slipped in beside the sealed ones is not evidence the run produced.
  const extra = (await readdir(run.dir)).filter((n) => !listed.has(n)).sort()[0];
  if (extra) throw new Problem(`${run.label}/${extra}: not listed in ${MANIFEST}`);
  return run.manifest.files.length;
}

function checkLink(run: LoadedRun, previous: LoadedRun): void {
  const link = run.manifest.previousManifestHash;
  if (link === previous.hash) return;
  const gap =
    run.manifest.previousRunId && run.manifest.previousRunId !== previous.manifest.runId
      ? `; run ${run.manifest.previousRunId} is missing from the chain`
      : "";
  throw new Problem(
    `${run.label}/${MANIFEST}: link to the previous run broken: previousManifestHash ${link ?? "null"} ` +
      `does not match run ${previous.manifest.runId} (${previous.hash})${gap}`,
  );
}

async function readOrProblem(dir: string, label: string, name: string): Promise<Buffer> {
  // A link re-hashed into the manifest would let the bundle point at any file on the machine.
  const info = await lstat(join(dir, name)).catch(() => undefined);
  if (info?.isSymbolicLink()) throw new Problem(`${label}/${name}: a symbolic link, not a file of the run`);
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new Problem(`${label}/${name}: missing`);
  }
}
