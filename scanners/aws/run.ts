// Runs declarations: pages through each list call, reads items a few at a time, maps them to
// Assets. Any failed call fails the whole shard (a partial list must never look complete).
import type { Asset } from "../../core/model.ts";
import { type AwsScanContext, type AwsScanner, toAsset } from "./declaration.ts";

/** Per-item reads in flight per declaration; the rate limiter does the real pacing. */
const ITEM_CONCURRENCY = 4;
/** Guards against a service that keeps handing back the same page token. */
const MAX_PAGES = 10_000;

export async function runScanner(s: AwsScanner, c: AwsScanContext): Promise<Asset[]> {
  const items: unknown[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const page = await s.list(c, next);
    items.push(...page.items);
    if (page.next !== undefined && page.next === next) throw new Error(`${s.kind}: repeated page token`);
    next = page.next || undefined;
    if (++pages > MAX_PAGES) throw new Error(`${s.kind}: more than ${MAX_PAGES} pages`);
  } while (next);

  if (s.collect) {
    const details = await s.collect(c, items);
    return details.map((d) => toAsset(s, c, s.toAsset(d, c)));
  }
  const assets = await mapLimit(items, ITEM_CONCURRENCY, async (item) => {
    const detail = s.describe ? await s.describe(c, item) : item;
    if (detail === undefined) return undefined;
    const fields = s.toAsset(detail, c);
    if (s.tags) fields.tags = await s.tags(c, detail);
    return toAsset(s, c, fields);
  });
  return assets.filter((a): a is Asset => a !== undefined);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let cursor = 0;
  const worker = async () => {
    while (cursor < items.length) {
      const i = cursor++;
      out[i] = await fn(items[i]!);
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
