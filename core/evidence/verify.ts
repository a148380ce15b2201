// Checks evidence without trusting the tool that wrote it: recomputes every SHA-256, then walks the
// hash chain from the oldest run to the newest. Stops at, and names, the first file or link that
// does not verify. Limits: the oldest run's own link and the removal of the newest run cannot be
// seen from the folder alone (compare the newest manifest hash with the store or Object Lock copy).
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { MANIFEST, MANIFEST_SEAL, Manifest, sealText, sha256 } from "./manifest.ts";

export interface VerifyResult {
  ok: boolean;
  /** Files whose hash was recomputed and matched. */
  checked: number;
  problem?: string;
}

interface LoadedRun {
  label: string;
  dir: string;
  manifest: Manifest;
  hash: string;
}

class Problem extends Error {}

export async function verifyEvidence(dir: string): Promise<VerifyResult> {
  let checked = 0;
  try {
    const root = resolve(dir);
    const folders = await runFolders(root);
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
    let previous: LoadedRun | undefined;
    for (const run of runs) {
      checked += await checkFiles(run);
      if (previous) checkLink(run, previous);
      previous = run;
    }
    return { ok: true, checked };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, checked, problem: e.message };
    throw e;
  }
}

/** A run folder (holds manifest.json) or a folder of run folders. Hidden entries are ignored. */
async function runFolders(root: string): Promise<{ dir: string; label: string }[]> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new Problem(`${root}: not a folder`);
  const entries = await readdir(root, { withFileTypes: true });
  if (entries.some((e) => e.name === MANIFEST || e.name === MANIFEST_SEAL))
    return [{ dir: root, label: basename(root) }];
  const dirs = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  if (dirs.length === 0) throw new Problem(`${root}: no evidence runs found`);
  return dirs.map((name) => ({ dir: join(root, name), label: name }));
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
  return { label, dir, manifest: manifest.data, hash };
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
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new Problem(`${label}/${name}: missing`);
  }
}
