// The finished report of a run, stored so that reading it back is a few gets instead of a rebuild
// from versions. The report's items and results are split into the state projection's chunks
// (by asset); each chunk is one compressed item (in parts under the item limit) under the run that
// wrote it, planned as the run works through the chunks (bodyPlanner). A run writes a chunk when
// tonight changed its state, which the same item then holds after the report's bytes (one item
// per changed chunk), or when its report differs from what the previous run's copy says a later
// run would report (every item ongoing, nothing resolved); otherwise its index points at that
// copy, so a quiet night writes no report item at all. The index (report-index.ts, an item of its
// own) says per chunk the run whose copy counts, its parts and its digest; a chunk with nothing to
// report is not in it. Runs without an index (written by an older aimscan) are rebuilt from their
// versions. Pure.
import { hash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { withFields } from "../extend.ts";
import type { DriftItem, PolicyResult } from "../model.ts";
import { sortItems } from "../reconcile.ts";
import { sortResults } from "./deltas.ts";
import { packResults, repackResults, type StoredChunk, unpackResults } from "./packed-results.ts";
import { PART_BYTES, type StateItemMeta } from "./projection.ts";
import { expiresAt, runKey, runPk } from "./table.ts";
import type { RunRef } from "./types.ts";

type Item = Record<string, unknown>;

/** 2: results packed (packed-results.ts); 1: the chunk's lists as they are (still read). */
export const REPORT_FORMAT = 2;

export interface BodyChunk {
  items: DriftItem[];
  policyResults: PolicyResult[];
  resolvedPolicyResults: PolicyResult[];
}

/**
 * Per chunk: [index into `runs` of the run whose copy counts, its parts, its later-run digest,
 * 1 when an item or result in it has a `reason` (which coverage alone can change)].
 */
export interface ReportIndex {
  format: number;
  runs: Array<[runId: string, startedAt: string]>;
  chunks: Record<string, [owner: number, parts: number, digest: string, reasons?: 0 | 1]>;
}

/**
 * What a later run whose content is unchanged reports of this chunk, made in place (keys keep
 * their order): items ongoing, resolved ones gone; failing results ongoing, a result that stopped
 * failing without its delta, vanished failures gone. Returns whether anything changed.
 */
export function toLaterView(c: BodyChunk): boolean {
  let changed = c.resolvedPolicyResults.length > 0;
  c.resolvedPolicyResults = [];
  const items = c.items.filter((i) => i.delta !== "resolved");
  if (items.length !== c.items.length) changed = true;
  c.items = items;
  for (const i of items)
    if (i.delta !== "ongoing") {
      i.delta = "ongoing";
      changed = true;
    }
  for (const r of c.policyResults)
    if (r.delta === "resolved" || r.delta === "new") {
      toLaterResult(r);
      changed = true;
    }
  return changed;
}

/** A result as a later run whose content is unchanged reports it, in place (also on templates). */
function toLaterResult(r: { delta?: unknown }): void {
  if (r.delta === "new") r.delta = "ongoing";
  else if (r.delta === "resolved") delete r.delta;
}

/**
 * toLaterView without changing `c`, and without copying what it leaves alone (the same JSON as
 * toLaterView of a parsed copy: spreading keeps the keys' order); undefined when nothing changes.
 */
export function laterView(c: BodyChunk): BodyChunk | undefined {
  const changes =
    c.resolvedPolicyResults.length > 0 ||
    c.items.some((i) => i.delta !== "ongoing") ||
    c.policyResults.some((r) => r.delta === "resolved" || r.delta === "new");
  if (!changes) return undefined;
  return {
    items: c.items
      .filter((i) => i.delta !== "resolved")
      .map((i) => (i.delta === "ongoing" ? i : withFields(i, { delta: "ongoing" as const }))),
    policyResults: c.policyResults.map((r) => {
      if (r.delta === "new") return withFields(r, { delta: "ongoing" as const });
      if (r.delta !== "resolved") return r;
      const { delta: _d, ...rest } = r;
      return rest;
    }),
    resolvedPolicyResults: [],
  };
}

/** What is stored of a chunk (and digested): its items, its results packed. */
const stored = (c: BodyChunk): StoredChunk => ({
  items: c.items,
  results: packResults(c.policyResults),
  resolved: packResults(c.resolvedPolicyResults),
});

const digestOf = (json: string) => hash("sha256", json, "hex").slice(0, 32);

/**
 * The age at which a copy still in force is written again: half the retention. Copies live twice
 * the retention, so one in force outlives by half a retention every run record that points at it
 * (DynamoDB's TTL deletes late and in no set order: an exact bound would race it).
 */
export const refreshAfterMs = (retentionDays: number) => (retentionDays * 86_400_000) / 2;

/** A chunk's state as tonight leaves it, to store after its report body (projection.ts). */
export interface ChunkState {
  data: Uint8Array;
  /** tonight.ts's fingerprint of the input it holds; "" when it holds more (matches none). */
  fingerprint: string;
}

export interface BodyPlanner {
  /** The index of the chunks planned so far (for the run item). */
  readonly index: ReportIndex;
  /**
   * The items to write for one chunk of tonight's report (its lists in any order): none when the
   * previous copy says the same, else one per part, holding the chunk's state too when tonight
   * changed it (`changed`), and then the listing's entries for them.
   */
  chunk(chunk: string, content: BodyChunk, changed?: ChunkState): { items: Item[]; state: StateItemMeta[] };
}

/**
 * Plans the report body chunk by chunk against the previous run's index. A copy older than half
 * the retention is written again rather than pointed at (refreshAfterMs): copies live twice the
 * retention, so every run that points at one is expired well before it is. A chunk whose state tonight changed is
 * written whatever its report, with that state after the report's bytes: one item per changed
 * chunk holds both, and the state listing points at it.
 */
export function bodyPlanner(
  run: RunRef,
  previous: ReportIndex | undefined,
  retentionDays: number,
): BodyPlanner {
  const index: ReportIndex = { format: REPORT_FORMAT, runs: [[run.runId, run.startedAt]], chunks: {} };
  const owners = new Map<string, number>([[run.runId, 0]]);
  const oldest = Date.parse(run.startedAt) - refreshAfterMs(retentionDays);
  const key = runKey(run);
  const point = (chunk: string, before: ReportIndex["chunks"][string], owner: [string, string]) => {
    let at = owners.get(owner[0]);
    if (at === undefined) {
      at = index.runs.push(owner) - 1;
      owners.set(owner[0], at);
    }
    index.chunks[chunk] = [at, before[1], before[2], before[3] ?? 1];
  };
  const none = { items: [], state: [] };
  return {
    index,
    chunk(chunk, content, changed) {
      // Nothing to report: the chunk is not in the index (its item, if any, is for its state alone),
      // so that whether a run wrote its state does not make two equal reports' indexes differ.
      const empty =
        content.items.length + content.policyResults.length + content.resolvedPolicyResults.length === 0;
      if (!changed && empty) return none;
      const before = previous?.format === REPORT_FORMAT ? previous.chunks[chunk] : undefined;
      const owner = before ? previous!.runs[before[0]] : undefined;
      const fresh = owner !== undefined && Date.parse(owner[1]) >= oldest;
      // State untouched and no reasons either night: the same items and results, every one now
      // ongoing (a new, resolved or ended one is a state write), which is what the copy says.
      // Known without writing the chunk's JSON, which a quiet night would otherwise do for all.
      const reasons = hasReasons(content);
      if (before && fresh && before[3] === 0 && !reasons && !changed) {
        point(chunk, before, owner);
        return none;
      }
      // In the report's order: the JSON (and so the digest) of the same content is the same.
      const sorted: BodyChunk = {
        items: sortItems(content.items.slice()),
        policyResults: sortResults(content.policyResults.slice()),
        resolvedPolicyResults: sortResults(content.resolvedPolicyResults.slice()),
      };
      const packed = stored(sorted);
      const json = JSON.stringify(packed);
      const digest = digestOf(json);
      if (before && fresh && before[2] === digest && !changed) {
        point(chunk, before, owner);
        return none;
      }
      // The digest a later run compares against: of this chunk as that run would report it.
      // Its results' templates are tonight's made later (packing every result again cost ~1 s a
      // chunk-heavy night); the JSON is what packing the later view gives.
      const later = laterView(sorted);
      const laterDigest = later
        ? digestOf(
            JSON.stringify({
              items: later.items,
              results: repackResults(packed.results, toLaterResult),
              resolved: packResults([]),
            } satisfies StoredChunk),
          )
        : digest;
      const body = gzipSync(json, { level: 1 });
      // The report's bytes, then the state's, cut into parts of PART_BYTES: each part holds its
      // share of the one as `data` and of the other as `state`, so a reader of either reads only it.
      const stateBytes = changed?.data;
      const total = body.length + (stateBytes?.length ?? 0);
      const parts = Math.max(1, Math.ceil(total / PART_BYTES));
      const items: Item[] = [];
      const state: StateItemMeta[] = [];
      for (let i = 0; i < parts; i++) {
        const from = i * PART_BYTES;
        const to = Math.min(from + PART_BYTES, total);
        const item: Item = {
          pk: runPk(run.runId),
          sk: bodySk(chunk, i),
          type: "report",
          format: REPORT_FORMAT,
          digest: laterDigest,
          part: i,
          parts,
          expiresAt: expiresAt(run.startedAt, 2 * retentionDays),
        };
        if (from < body.length) item.data = body.subarray(from, Math.min(to, body.length));
        if (stateBytes && to > body.length)
          item.state = stateBytes.subarray(Math.max(from - body.length, 0), to - body.length);
        if (changed) {
          // The state's attributes, as the listing knows them (projection.ts StateItemMeta).
          const meta = { chunk, run: run.runId, runKey: key, fingerprint: changed.fingerprint };
          Object.assign(item, meta);
          state.push({ pk: item.pk as string, sk: item.sk as string, part: i, parts, ...meta });
        }
        items.push(item);
      }
      if (!empty) index.chunks[chunk] = [0, parts, laterDigest, reasons ? 1 : 0];
      return { items, state };
    },
  };
}

const hasReasons = (c: BodyChunk) =>
  c.items.some((i) => i.reason !== undefined) || c.policyResults.some((r) => r.reason !== undefined);

const bodySk = (chunk: string, part: number) => `REP#${chunk}#${String(part).padStart(3, "0")}`;

/** What assembleReport reads of a part (not the state that may follow the report's bytes). */
export const BODY_FIELDS = ["pk", "sk", "digest", "format", "data"] as const;

/** The keys of every part the index points at. */
export function bodyKeys(index: ReportIndex): Array<{ pk: string; sk: string }> {
  return Object.entries(index.chunks).flatMap(([chunk, [owner, parts]]) =>
    Array.from({ length: parts }, (_, i) => ({ pk: runPk(index.runs[owner]![0]), sk: bodySk(chunk, i) })),
  );
}

/** The report's items and results for `runId`, or undefined when a part is missing (expired). */
export function assembleReport(
  index: ReportIndex,
  items: readonly Item[],
  runId: string,
): BodyChunk | undefined {
  const found = new Map(items.map((i) => [`${i.pk}|${i.sk}`, i]));
  const out: BodyChunk = { items: [], policyResults: [], resolvedPolicyResults: [] };
  for (const [chunk, [owner, parts, digest]] of Object.entries(index.chunks)) {
    const ownerId = index.runs[owner]![0];
    const data: Uint8Array[] = [];
    for (let i = 0; i < parts; i++) {
      const item = found.get(`${runPk(ownerId)}|${bodySk(chunk, i)}`);
      // An index points only at copies of its own format (a run with an older index writes anew).
      if (!item || item.digest !== digest || item.format !== index.format) return undefined;
      // A part may hold only the chunk's state (which comes after the report's bytes).
      if (item.data instanceof Uint8Array) data.push(item.data);
    }
    const parsed = JSON.parse(gunzipSync(Buffer.concat(data)).toString("utf8"));
    const c: BodyChunk =
      index.format === 1
        ? (parsed as BodyChunk)
        : {
            items: (parsed as StoredChunk).items,
            policyResults: unpackResults((parsed as StoredChunk).results),
            resolvedPolicyResults: unpackResults((parsed as StoredChunk).resolved),
          };
    if (ownerId !== runId) toLaterView(c);
    for (const i of c.items) out.items.push(i);
    for (const r of c.policyResults) out.policyResults.push(r);
    for (const r of c.resolvedPolicyResults) out.resolvedPolicyResults.push(r);
  }
  sortItems(out.items);
  sortResults(out.policyResults);
  sortResults(out.resolvedPolicyResults);
  return out;
}
