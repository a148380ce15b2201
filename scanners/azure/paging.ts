// Paging helpers: every page request waits for the shard's rate limit first.
import type { ShardContext } from "../engine.ts";

/** Yields pages of an SDK page iterator, awaiting `ctx.throttle()` before fetching each one. */
export async function* throttledPages<T>(pages: AsyncIterator<T>, ctx: ShardContext): AsyncGenerator<T> {
  for (;;) {
    await ctx.throttle();
    const next = await pages.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Maps with at most `limit` calls in flight, preserving order; the first failure rejects. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let cursor = 0;
  const worker = async () => {
    while (cursor < items.length) {
      const index = cursor++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
