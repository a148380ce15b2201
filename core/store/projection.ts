// The current-state projection (see table.ts): every open version, packed into 256 or 4096 state
// chunks (chunkDepth) by the hash of its asset id (or of its identity when it has no asset), each chunk one
// compressed blob. A run writes a new copy of only the chunks it changed, under its own key, after
// that chunk of its report (report-body.ts: one item, in parts under DynamoDB's 400 KB limit), so
// the state a crashed run started from is never overwritten, and a copy it left is ignored like
// every other write of a run that never completed. Which copy of each chunk counts is what the
// state listing of the last run that changed the state says (state-index.ts). Each copy also holds
// the versions its run closed: the state just before that run, which the report of the latest run
// needs, is in the same item, and a fingerprint of the night's input it was written from
// (tonight.ts): the next night whose input has the same fingerprint need not read it.
// Stores of layout 2 kept the copies in two slots per chunk under the `S#` partitions; those are
// read (groupCopies, decodeCopy) until the next night has migrated them. Pure.
import { hash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { idKey } from "../ids.ts";
import { type VersionKind, versionPk } from "./table.ts";
import { type Committed, canonicalJson, sameStrings, type VersionRecord } from "./versions.ts";

type Item = Record<string, unknown>;

/**
 * 2: a row holds no content hash (0 in its place): the stored value says the content, and a hash
 * is made only for a version that closes (versions.ts). 1: rows with their hash (still read).
 */
export const STATE_FORMAT = 2;
/** Under DynamoDB's 400 KB item limit, with room for the keys and the other attributes. */
export const PART_BYTES = 350_000;
export const statePk = (chunk: string) => `S#${chunk[0]}`;
export const STATE_PARTITIONS = "0123456789abcdef".split("").map((h) => `S#${h}`);

// One-shot hash: a Hash object per call cost ~3× more (one call per asset a night).
const sha = (s: string) => hash("sha256", s, "hex");

/** The hash a version's chunk is a prefix of: its asset's, so one asset's state, drift and results change one item. */
export function chunkHash(v: { assetId?: string | undefined; identity: string }): string {
  return sha(v.assetId !== undefined ? `A|${idKey(v.assetId)}` : `I|${v.identity}`);
}

/** The chunk of a version when the state is cut into 16^depth chunks: its chunkHash's first `depth` digits. */
export function chunkOf(v: { assetId?: string | undefined; identity: string }, depth = 2): string {
  return chunkHash(v).slice(0, depth);
}

/**
 * How many hex digits name a chunk: 2 (256 chunks) or 3 (4096). A change touches a whole chunk
 * (read, decoded, written again with its report), so what a night costs is its changes times the
 * chunk's size: at 100k assets a chunk of 256 holds ~390 assets, and 1% changed rewrote 98% of the
 * state. 4096 chunks keep ~24 assets each there (a 1% night rewrites ~22%), but at 10k assets they
 * would hold 2–3 each: more items than content. The depth follows the estate, with hysteresis so
 * that an estate near the line does not rewrite every chunk each time it crosses it (a change of
 * depth rewrites them all, once). The state listing (16 bytes of fingerprint a chunk) must fit one
 * item: 4096 chunks do.
 */
export const CHUNK_DEPTHS = { min: 2, max: 3 } as const;
/**
 * The estate sizes where the depth changes: from `deepenAt` assets a store at depth 2 goes to 3
 * (128 a chunk at 2, 8 at 3), under `shallowUnder` it goes back (4 a chunk at 3).
 */
export interface DepthBounds {
  deepenAt: number;
  shallowUnder: number;
}
export const DEPTH_BOUNDS: DepthBounds = { deepenAt: 32_768, shallowUnder: 16_384 };

/** The depth tonight's state is cut at, given the depth of the state it starts from (none: empty). */
export function chunkDepth(previous: number | undefined, assets: number, bounds = DEPTH_BOUNDS): number {
  if (previous === CHUNK_DEPTHS.max)
    return assets < bounds.shallowUnder ? CHUNK_DEPTHS.min : CHUNK_DEPTHS.max;
  return assets >= bounds.deepenAt ? CHUNK_DEPTHS.max : CHUNK_DEPTHS.min;
}

export interface ChunkContent {
  /** The chunk's open versions as of the run that wrote it. */
  open: VersionRecord[];
  /** Versions this run closed (closedRun set): with `open`, the state before the run. */
  closed: VersionRecord[];
}

const KINDS: readonly VersionKind[] = ["asset", "drift", "policy"];

// An open version as a row: the keys, index attributes and type are derived again on decode.
type Row = [
  number,
  string,
  string,
  string | 0,
  unknown,
  string,
  string,
  string,
  string,
  string | 0,
  string | 0,
];

function toRow(v: VersionRecord): Row {
  const idHash = v.sk.split("#")[0]!;
  const openStatus = v.gsi2pk?.slice("OPEN#".length);
  return [
    KINDS.indexOf(v.kind),
    v.identity,
    idHash,
    // The value says the content; its hash is made again only if the version closes.
    0,
    v.value ?? JSON.parse(v.body!),
    v.openedRun,
    v.openedKey,
    v.firstSeenRun,
    v.firstSeenKey,
    v.assetId ?? 0,
    openStatus ?? 0,
  ];
}

function fromRow(r: Row, same: (s: string) => string): VersionRecord {
  const [k, identity, idHash, hash, value, openedRun, openedKey, firstSeenRun, firstSeenKey, assetId, open] =
    r;
  const kind = KINDS[k]!;
  const v: VersionRecord = {
    pk: same(versionPk(kind, idHash[0]!)),
    sk: `${idHash}#${openedKey}`,
    type: "version",
    kind,
    identity,
    // Format 2 keeps no hash: "" until one is needed (versions.ts contentHash).
    hash: hash === 0 ? "" : hash,
    value,
    openedRun: same(openedRun),
    openedKey: same(openedKey),
    firstSeenRun: same(firstSeenRun),
    firstSeenKey: same(firstSeenKey),
  };
  if (open !== 0) {
    v.gsi2pk = same(`OPEN#${open}`);
    v.gsi2sk = `${openedKey}#${idHash}`;
  }
  if (assetId !== 0) {
    v.assetId = same(assetId);
    v.gsi3pk = same(`A#${idKey(assetId)}`);
    v.gsi3sk = `${openedKey}#${kind}#${idHash}`;
  }
  return v;
}

/** A version as a DynamoDB item: the body as canonical JSON text, no parsed copy. */
export function versionItem(v: VersionRecord): Item {
  const { value, ...rest } = v;
  return { ...rest, body: v.body ?? canonicalJson(value) };
}

const bySk = (a: VersionRecord, b: VersionRecord) =>
  a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0;

/**
 * The bytes of one chunk's state as `run` leaves it: its open versions and the ones it closed,
 * compressed. Stored after the chunk's report body in the run's own chunk item (report-body.ts).
 */
export function stateData(c: ChunkContent): Buffer {
  const json = JSON.stringify({
    format: STATE_FORMAT,
    open: [...c.open].sort(bySk).map(toRow),
    closed: [...c.closed].sort(bySk).map(versionItem),
  });
  return gzipSync(json, { level: 1 });
}

export interface ChunkCopy {
  chunk: string;
  run: string;
  runKey: string;
  /** The keys of its items (to delete what a run that never completed left). */
  keys: Array<{ pk: string; sk: string }>;
  complete: boolean;
  /** tonight.ts's fingerprint of the content it holds; "" none matches, absent: written before them. */
  fingerprint?: string;
  /** Its parts' bytes (absent when only the keys were read: readCopyData fills them). */
  data: Uint8Array[];
}

/** The attributes of a state item other than its bytes. */
export const COPY_FIELDS = [
  "pk",
  "sk",
  "type",
  "chunk",
  "run",
  "runKey",
  "part",
  "parts",
  "fingerprint",
] as const;

/** A state item as a listing knows it: everything but its bytes (state-index.ts). */
export interface StateItemMeta {
  pk: string;
  sk: string;
  chunk: string;
  run: string;
  runKey: string;
  part: number;
  parts: number;
  fingerprint?: string;
}

/** A state item as read, with its bytes when they were. */
export type StateItem = StateItemMeta & { data?: Uint8Array };

/** State items → one entry per (chunk, run) copy; a copy missing a part is incomplete. */
export function groupCopies(items: readonly StateItem[]): ChunkCopy[] {
  const copies = new Map<string, ChunkCopy & { seen: number; parts: number }>();
  for (const i of items) {
    const id = `${i.chunk}|${i.runKey}`;
    let c = copies.get(id);
    if (!c) {
      c = {
        chunk: i.chunk,
        run: i.run,
        runKey: i.runKey,
        keys: [],
        complete: false,
        data: [],
        seen: 0,
        parts: i.parts,
      };
      copies.set(id, c);
    }
    c.keys.push({ pk: i.pk, sk: i.sk });
    if (typeof i.fingerprint === "string") c.fingerprint = i.fingerprint;
    if (i.data !== undefined) c.data[i.part] = i.data;
    c.seen += 1;
  }
  return [...copies.values()].map(({ seen, parts, ...c }) => ({ ...c, complete: seen === parts }));
}

export function decodeCopy(copy: ChunkCopy): ChunkContent {
  const json = gunzipSync(Buffer.concat(copy.data)).toString("utf8");
  const parsed = JSON.parse(json) as { format: number; open: Row[]; closed: VersionRecord[] };
  if (parsed.format !== 1 && parsed.format !== STATE_FORMAT)
    throw new Error(
      `state chunk ${copy.chunk} has format ${parsed.format}; this aimscan reads ${STATE_FORMAT}`,
    );
  // JSON.parse makes every run id and run key of every row its own copy, and an asset's versions
  // (one chunk) share its id: a quiet night at 100k assets holds ~840k decoded versions.
  const same = sameStrings();
  return { open: parsed.open.map((r) => fromRow(r, same)), closed: parsed.closed };
}

export interface CurrentState {
  /** Per chunk: the newest complete copy of a completed run (the one that counts). */
  current: Map<string, ChunkCopy>;
}

export function currentCopies(copies: readonly ChunkCopy[], committed: Committed): CurrentState {
  const current = new Map<string, ChunkCopy>();
  for (const c of copies) {
    if (!c.complete || !committed(c.run)) continue;
    const best = current.get(c.chunk);
    if (!best || best.runKey < c.runKey) current.set(c.chunk, c);
  }
  // In chunk order, whichever runs wrote them: what readers list follows the state, not its history.
  return { current: new Map([...current].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
