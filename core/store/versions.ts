// Versioned state (see table.ts): how tonight's assets, drift items and policy results become
// version records, and how the state at any completed run is read back from them. Pure.
import { hash } from "node:crypto";
import { idKey } from "../ids.ts";
import { sortedCopy } from "../sorted-copy.ts";
import { expiresAt, runKey, type VersionKind, versionPk } from "./table.ts";

export interface RunRef {
  runId: string;
  startedAt: string;
}

export interface VersionRecord {
  pk: string;
  sk: string;
  type: "version";
  kind: VersionKind;
  identity: string;
  hash: string;
  /** Canonical JSON of the asset, drift item (no delta) or policy result (no delta). */
  body?: string;
  /** The body parsed (versions read from the state projection carry this instead of `body`). */
  value?: unknown;
  assetId?: string;
  openedRun: string;
  openedKey: string;
  firstSeenRun: string;
  firstSeenKey: string;
  closedRun?: string;
  closedKey?: string;
  /** Asset versions closed because the asset vanished: the last run that saw it. */
  lastSeenRun?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  gsi3pk?: string;
  gsi3sk?: string;
  expiresAt?: number;
}

/** What one kind looks like tonight: identity → content. */
export interface Entry {
  identity: string;
  value: object;
  assetId?: string | undefined;
  /** Drift status, for the sparse "open drift by status" index (absent for matched). */
  openStatus?: string | undefined;
}

/**
 * JSON with sorted keys, so equal content always hashes equal. The same text as
 * `JSON.stringify` with every object's keys sorted (the stored hashes depend on it;
 * tests/core/store/canonical.test.ts holds that definition). This runs for every asset, drift
 * item and result of a night: a key-sorted copy (only of objects not in order already) through
 * the native stringify, rather than text built value by value in JS.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? "undefined";
}

/**
 * True only when `canonicalJson(a) === canonicalJson(b)` for certain: equal primitives, and arrays
 * and plain objects equal member by member (an undefined member equals an absent one, as in JSON).
 * False may still be equal text (NaN and null, a toJSON): the caller then compares hashes.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== "object" || a === null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || hasToJson(a) || hasToJson(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (Object.hasOwn(x, k) && !sameJson(x[k], y[k])) return false;
  for (const k in y) if (Object.hasOwn(y, k) && !Object.hasOwn(x, k) && y[k] !== undefined) return false;
  return true;
}

const hasToJson = (v: object) => typeof (v as { toJSON?: unknown }).toJSON === "function";

// One-shot hash: a Hash object per call cost ~3× more (836k versions on a first 100k night).
const sha = (s: string) => hash("sha256", s, "hex");
const bodyHash = (body: string) => sha(body).slice(0, 32);

/** A version's content hash; made from its value when it was decoded without one (a state row). */
export const contentHash = (v: VersionRecord): string =>
  v.hash !== "" ? v.hash : bodyHash(v.body ?? canonicalJson(v.value));

/** One string per distinct value seen through it (versions repeat a few keys and ids many times). */
export function sameStrings(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const first = seen.get(s);
    if (first !== undefined) return first;
    seen.set(s, s);
    return s;
  };
}

// One run key string per run, not one per version (planVersions passes the same run for each).
let lastKey: { run: RunRef; key: string } | undefined;
function keyOf(run: RunRef): string {
  if (lastKey?.run !== run) lastKey = { run, key: runKey(run) };
  return lastKey.key;
}

export function openVersion(
  kind: VersionKind,
  entry: Entry,
  run: RunRef,
  firstSeen: RunRef,
  body = canonicalJson(entry.value),
  // planVersions shares the partition and index keys of one kind's versions: an asset's results
  // repeat its gsi3pk (636k results of 100k assets on a first night).
  same: (s: string) => string = (s) => s,
): VersionRecord {
  const idHash = sha(entry.identity).slice(0, 32);
  const key = keyOf(run);
  // The body is hashed, not kept: the value is, and a history item makes the text again. A first
  // night at 100k assets opens ~840k versions, and their bodies and run keys were ~400 MB.
  const record: VersionRecord = {
    pk: same(versionPk(kind, idHash[0]!)),
    sk: `${idHash}#${key}`,
    type: "version",
    kind,
    identity: entry.identity,
    hash: bodyHash(body),
    value: entry.value,
    openedRun: run.runId,
    openedKey: key,
    firstSeenRun: firstSeen.runId,
    firstSeenKey: keyOf(firstSeen),
  };
  if (entry.openStatus !== undefined) {
    record.gsi2pk = same(`OPEN#${entry.openStatus}`);
    record.gsi2sk = `${key}#${idHash}`;
  }
  if (entry.assetId !== undefined) {
    record.assetId = entry.assetId;
    record.gsi3pk = same(`A#${idKey(entry.assetId)}`);
    record.gsi3sk = `${key}#${kind}#${idHash}`;
  }
  return record;
}

/** The closed copy of a version: out of the open index, expiring `retentionDays` after `run`. */
export function closeVersion(
  v: VersionRecord,
  run: RunRef,
  retentionDays: number,
  lastSeen?: RunRef,
): VersionRecord {
  const { gsi2pk: _p, gsi2sk: _s, lastSeenRun: _l, ...rest } = v;
  return {
    ...rest,
    // A history item holds its hash: a reader compares versions by it.
    hash: contentHash(v),
    closedRun: run.runId,
    closedKey: runKey(run),
    ...(lastSeen ? { lastSeenRun: lastSeen.runId } : {}),
    expiresAt: expiresAt(run.startedAt, retentionDays),
  };
}

/** Whether a run's writes count: true for completed runs. */
export type Committed = (runId: string) => boolean;

/**
 * Completed runs commit their versions. A run no longer listed expired (TTL) after it completed:
 * the leftovers of runs that never completed are deleted by the next run that does, so they never
 * outlive their run record. `exclude` is the run being (re)written.
 */
export function committedRuns(
  runs: ReadonlyArray<{ runId: string; status: string }>,
  exclude?: string,
): Committed {
  const status = new Map(runs.map((r) => [r.runId, r.status]));
  return (runId) => runId !== exclude && (status.get(runId) ?? "completed") === "completed";
}

/**
 * The versions alive at run key `at`: opened at or before it and not closed by then. Versions
 * opened or closed by runs that never completed are ignored (a half-written run leaves no trace).
 */
export function aliveAt(
  versions: readonly VersionRecord[],
  at: string | undefined,
  committed: Committed,
): Map<string, VersionRecord> {
  const alive = new Map<string, VersionRecord>();
  if (at === undefined) return alive;
  for (const v of versions) {
    if (!committed(v.openedRun) || v.openedKey > at) continue;
    const closed = v.closedRun !== undefined && committed(v.closedRun) && v.closedKey! <= at;
    if (!closed) alive.set(v.identity, v);
  }
  return alive;
}

export interface PlanInput {
  kind: VersionKind;
  base: ReadonlyMap<string, VersionRecord>;
  tonight: ReadonlyMap<string, Entry>;
  /** Identities absent tonight but kept open (their scope was not scanned ok). */
  carried: ReadonlySet<string>;
  run: RunRef;
  previous?: RunRef | undefined;
  retentionDays: number;
}

/** The puts that move `base` to tonight: nothing for unchanged content. */
export function planVersions(p: PlanInput): VersionRecord[] {
  const puts: VersionRecord[] = [];
  const same = sameStrings();
  for (const [identity, entry] of p.tonight) {
    const before = p.base.get(identity);
    // Most of a night is unchanged: compare with the stored content (parsed, from the state
    // chunks) before writing any JSON or hashing, then hashes before building a record.
    if (before?.value !== undefined && sameJson(entry.value, before.value)) {
      if (before.closedRun !== undefined) puts.push(reopenVersion(before));
      continue;
    }
    const body = canonicalJson(entry.value);
    if (before && contentHash(before) === bodyHash(body)) {
      if (before.closedRun !== undefined) puts.push(reopenVersion(before));
      continue;
    }
    const next = openVersion(
      p.kind,
      entry,
      p.run,
      before ? { runId: before.firstSeenRun, startedAt: before.firstSeenKey.split("#")[0]! } : p.run,
      body,
      same,
    );
    if (before) puts.push(closeVersion(before, p.run, p.retentionDays));
    puts.push(next);
  }
  for (const [identity, before] of p.base) {
    if (p.tonight.has(identity)) continue;
    if (p.carried.has(identity)) {
      if (before.closedRun !== undefined) puts.push(reopenVersion(before));
      continue;
    }
    puts.push(closeVersion(before, p.run, p.retentionDays, p.kind === "asset" ? p.previous : undefined));
  }
  return puts;
}

/**
 * A version kept open whose stored copy was closed by a run that never completed (or by an earlier
 * attempt of this run): rewrite it open, back in the `open` index.
 */
export function reopenVersion(v: VersionRecord): VersionRecord {
  const { closedRun: _r, closedKey: _k, lastSeenRun: _l, expiresAt: _e, ...rest } = v;
  const status = v.kind === "drift" ? parseBody<{ status: string }>(v).status : undefined;
  if (status === undefined || status === "matched") return rest;
  return { ...rest, gsi2pk: `OPEN#${status}`, gsi2sk: `${v.openedKey}#${v.sk.split("#")[0]}` };
}

export function parseBody<T>(v: VersionRecord): T {
  return (v.value ?? JSON.parse(v.body!)) as T;
}
