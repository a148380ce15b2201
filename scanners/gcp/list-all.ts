// Paging of a Google list call: follows nextPageToken page by page, each attempt through the
// shard's pacing (retry.ts); a repeated token is a cycle and fails the shard.
import type { ShardContext } from "../engine.ts";
import type { GcpDeps } from "./clients.ts";
import { googleCallError } from "./errors.ts";
import { paced } from "./retry.ts";

export async function listAll<Req, Item>(
  ctx: ShardContext,
  deps: GcpDeps,
  projects: readonly string[],
  what: string,
  call: (request: Req) => Promise<[Item[], Req | null | undefined, unknown]>,
  first: Req,
  /** Sees each page's whole answer (e.g. to collect `unreachable` locations of a wildcard list). */
  onAnswer?: (answer: unknown) => void,
): Promise<Item[]> {
  const items: Item[] = [];
  let request: Req | null | undefined = first;
  const seen = new Set<string>();
  while (request) {
    const current: Req = request;
    try {
      const [page, next, answer]: [Item[], Req | null | undefined, unknown] = await paced(ctx, deps, () =>
        call(current),
      );
      onAnswer?.(answer);
      items.push(...page);
      request = next;
    } catch (e) {
      throw googleCallError(e, what, projects);
    }
    // A token seen before is a loop, not a listing: fail the shard instead of paging forever.
    const token = (request as { pageToken?: string } | null | undefined)?.pageToken;
    if (token) {
      if (seen.has(token))
        throw new Error(`${what}: page token repeated after ${seen.size + 1} pages (a cycle)`);
      seen.add(token);
    }
  }
  return items;
}
