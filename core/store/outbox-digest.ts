// An outbox digest too large for one item. A first night of a large estate (every asset undeclared,
// every severe failure new) makes a digest of megabytes: one item of it is refused by DynamoDB's
// 400 KB limit ("Item size has exceeded the maximum allowed size"), which failed the whole night.
// Such a digest is stored gzipped in parts under its own partition, which the outbox's query over
// OUTBOX never reads: only the entries a sink still waits for fetch their parts. The entry names
// how many parts and the hash of their bytes, so a read never mixes two attempts' parts (a redo
// rewrites the same keys; a shorter redo leaves parts past its count, never read).
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { PART_BYTES } from "./projection.ts";

/** Digests up to this many characters of JSON stay inline in the entry, as every earlier aimscan wrote them. */
export const INLINE_DIGEST = 300_000;

export const partsPk = (entrySk: string) => `OUTBOX#${entrySk}`;
const partSk = (n: number) => String(n).padStart(4, "0");

type Item = Record<string, unknown>;

export interface EncodedDigest {
  /** What the entry item carries: the digest inline, or where its parts are. */
  entry: { digest: string } | { digestParts: number; digestSha256: string };
  parts: Item[];
}

export function encodeDigest(entrySk: string, digest: unknown): EncodedDigest {
  const json = JSON.stringify(digest);
  if (json.length <= INLINE_DIGEST) return { entry: { digest: json }, parts: [] };
  const bytes = gzipSync(json);
  const parts: Item[] = [];
  for (let at = 0, n = 0; at < bytes.length; at += PART_BYTES, n++)
    parts.push({
      pk: partsPk(entrySk),
      sk: partSk(n),
      type: "outbox-part",
      data: bytes.subarray(at, at + PART_BYTES),
    });
  return { entry: { digestParts: parts.length, digestSha256: sha(bytes) }, parts };
}

/** The keys of an entry's parts, in order. */
export function partKeys(entrySk: string, count: number): Array<{ pk: string; sk: string }> {
  return Array.from({ length: count }, (_, n) => ({ pk: partsPk(entrySk), sk: partSk(n) }));
}

/** The digest from its parts (any order); throws when one is missing or they are not the entry's. */
export function decodeDigest(entrySk: string, entry: Item, parts: readonly Item[]): unknown {
  const count = Number(entry.digestParts);
  const bySk = new Map(parts.map((p) => [String(p.sk), p.data as Uint8Array]));
  const chunks = partKeys(entrySk, count).map(({ sk }) => {
    const data = bySk.get(sk);
    if (!data) throw new Error(`outbox entry ${entrySk}: digest part ${sk} of ${count} is missing`);
    return data;
  });
  const bytes = Buffer.concat(chunks);
  if (sha(bytes) !== entry.digestSha256)
    throw new Error(`outbox entry ${entrySk}: its digest parts do not match the entry (hash differs)`);
  return JSON.parse(gunzipSync(bytes).toString("utf8"));
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
