// Runs declarations: pages through each list call, reads items a few at a time, maps them to
// Assets. Every answer is checked before it is trusted (DESIGN.md "Reconcile semantics"): a list
// answer without its items member, a page token seen before, or "not found" for more than a few
// listed items fails the shard (a partial list must never look complete); an item that does not
// map is one bad item, a warning on the shard, and the rest goes on.
import type { Asset } from "../../core/model.ts";
import { describeError } from "../engine.ts";
import { UntrustedAnswer } from "./answers.ts";
import {
  type AssetFields,
  type AwsScanContext,
  type AwsScanner,
  ReadInPart,
  toAsset,
} from "./declaration.ts";

/** Per-item reads in flight per declaration; the rate limiter does the real pacing. */
const ITEM_CONCURRENCY = 4;
/** More pages than this is not a listing but a loop: the shard fails loudly. */
export const MAX_PAGES = 2_000;

/** What one declaration found: its assets and the items it could not map (one line each). */
export interface ScannerOutcome {
  assets: Asset[];
  warnings: string[];
}

/**
 * How many listed items may answer "not found" on describe and still be a race (deleted between
 * list and describe). More than that is an answer that cannot be trusted, not a mass deletion.
 */
export function goneAllowance(listed: number): number {
  return Math.max(1, Math.floor(listed * 0.05));
}

/** A declaration whose read failed part-way: the shard fails with `cause`, and `assets` are kept. */
export class KindPartlyListed extends Error {
  override name = "KindPartlyListed";
  constructor(
    override readonly cause: unknown,
    readonly note: string,
    readonly assets: Asset[],
  ) {
    super(note);
  }
}

export async function listAll(s: AwsScanner, c: AwsScanContext): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  // A declaration without `items` returns a Page ({ items, next }): it names no SDK members.
  const itemsMember = s.items ?? "items";
  const nextMember = s.items === undefined ? "next" : s.next;
  let next: string | undefined;
  let pages = 0;
  do {
    const answer = (await s.list(c, next)) as Record<string, unknown> | undefined;
    const page = answer?.[itemsMember];
    if (!Array.isArray(page)) {
      throw new UntrustedAnswer(`the list answer has no ${itemsMember} member (page ${pages + 1})`);
    }
    items.push(...page);
    pages++;
    const token =
      typeof nextMember === "function"
        ? nextMember(answer)
        : nextMember
          ? answer?.[nextMember as string]
          : undefined;
    if (token !== undefined && token !== null && typeof token !== "string") {
      throw new UntrustedAnswer(`the page token ${String(nextMember)} is not a string (page ${pages})`);
    }
    next = token || undefined;
    if (next === undefined) break;
    if (seen.has(next)) throw new UntrustedAnswer(`page token repeated after ${pages} pages (a cycle)`);
    seen.add(next);
    if (pages >= MAX_PAGES) throw new UntrustedAnswer(`more than ${MAX_PAGES} pages; stopped`);
  } while (next);
  return items;
}

export async function runScanner(s: AwsScanner, c: AwsScanContext): Promise<ScannerOutcome> {
  const items = await listAll(s, c);
  const warnings: string[] = [];
  const gone: unknown[] = [];
  // Calls that fail (denied, throttled, an error in disguise) fail the shard; only mapping is per item.
  const mapOne = async (detail: unknown, i: number): Promise<Asset | undefined> => {
    let fields: AssetFields;
    try {
      if (s.schema) {
        const checked = s.schema.safeParse(detail);
        if (!checked.success) throw new Error(checked.error.issues.map(issueLine).join("; "));
      }
      fields = s.toAsset(detail, c);
      if (typeof fields.id !== "string" || fields.id === "") throw new Error("the answer has no id");
      if (typeof fields.name !== "string") throw new Error(`${fields.id}: the answer has no name`);
    } catch (e) {
      warnings.push(`${s.kind} item ${i + 1}: ${describeError(e)}`);
      return undefined;
    }
    if (s.tags) fields.tags = await s.tags(c, detail);
    return toAsset(s, c, fields);
  };
  if (s.collect) {
    let details: unknown[];
    let failure: ReadInPart | undefined;
    try {
      details = await s.collect(c, items, (line) => warnings.push(`${s.kind}: ${line}`));
    } catch (e) {
      if (!(e instanceof ReadInPart)) throw e;
      failure = e;
      details = e.details;
    }
    const collected = (await mapLimit(details, ITEM_CONCURRENCY, mapOne)).filter(
      (a): a is Asset => a !== undefined,
    );
    if (failure) throw new KindPartlyListed(failure.cause, failure.note, collected);
    return { assets: collected, warnings };
  }
  const mapped = await mapLimit(items, ITEM_CONCURRENCY, async (item, i) => {
    const detail = s.describe ? await s.describe(c, item) : item;
    if (detail === undefined) {
      gone.push(item);
      return undefined;
    }
    return mapOne(detail, i);
  });
  if (gone.length > goneAllowance(items.length)) {
    throw new UntrustedAnswer(
      `${gone.length} of ${items.length} listed items answered "not found" when read; not trusted as deletions`,
    );
  }
  const assets = mapped.filter((a): a is Asset => a !== undefined);
  for (const item of gone) {
    const kept = unavailable(s, c, item);
    if (kept) assets.push(kept);
    else warnings.push(`${s.kind}: a listed item answered "not found" when read and has no id of its own`);
  }
  return { assets, warnings };
}

/** A listed-then-gone item stays observed (a race is not a deletion) with what the list said. */
function unavailable(s: AwsScanner, c: AwsScanContext, item: unknown): Asset | undefined {
  if (!s.summary) return undefined;
  try {
    const fields = s.summary(item, c);
    if (typeof fields.id !== "string" || fields.id === "") return undefined;
    return { ...toAsset(s, c, fields), detail: "unavailable" };
  } catch {
    return undefined;
  }
}

const issueLine = (i: { path: PropertyKey[]; message: string }) =>
  `${i.path.map(String).join(".") || "item"}: ${i.message}`;

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let cursor = 0;
  const worker = async () => {
    while (cursor < items.length) {
      const i = cursor++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Treats "it was deleted between list and read" as gone, and nothing else. */
export async function unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    const { name, message } = e as Error;
    if (name === "ResourceNotFoundException" || name === "ResourceNotFound" || name === "NoSuchEntity") {
      return undefined;
    }
    // SageMaker reports a missing resource as a ValidationException.
    if (name === "ValidationException" && /could not find|does not exist/i.test(message)) return undefined;
    throw e;
  }
}
