// Page by page through a gax list call (autoPaginate off), every attempt through the shard's
// pacing; a repeated page token fails the shard instead of paging forever.
import type { ShardContext } from "../engine.ts";
import type { GcpDeps } from "./clients.ts";
import { googleCallError } from "./errors.ts";
import { paced } from "./retry.ts";

export async function pagedList<Req extends { pageToken?: string | null }, Item>(
  ctx: ShardContext,
  deps: GcpDeps,
  projects: readonly string[],
  what: string,
  call: (request: Req) => Promise<[Item[], Req | null | undefined, unknown]>,
  first: Req,
): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  let request: Req | null | undefined = first;
  while (request) {
    const current: Req = request;
    try {
      const [page, next] = await paced(ctx, deps, () => call(current));
      if (!Array.isArray(page)) throw new Error("answered without a list");
      items.push(...page);
      request = next;
    } catch (e) {
      throw googleCallError(e, what, projects);
    }
    const token = request?.pageToken;
    if (token) {
      if (seen.has(token))
        throw new Error(`${what}: page token repeated after ${seen.size + 1} pages (a cycle)`);
      seen.add(token);
    }
  }
  return items;
}
