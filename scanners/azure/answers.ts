// Every ARM answer is checked before an SDK pager reads it, so each Azure scanner gets this from
// its client, not by hand (issue 13). The generated pagers read `result.value || []`: a 200 list
// answer without `value` would read as "no assets" and every declared asset would go missing.
// Refused, failing the shard with the reason: an error shape inside a 200, a list (a collection
// path: an odd number of segments, /subscriptions/S/providers/NS/accounts) without a `value`
// array, a nextLink seen before (a cycle), and more than MAX_PAGES pages on one client.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

export const MAX_PAGES = 2_000;

export class UntrustedArmAnswer extends Error {
  override name = "UntrustedArmAnswer";
}

/** One policy per client (a client serves one shard): its nextLink set and page count are the shard's. */
export function armAnswersPolicy(): PipelinePolicy {
  const links = new Set<string>();
  return {
    name: "aimscanArmAnswers",
    async sendRequest(request, next) {
      const response = await next(request);
      if (request.method !== "GET" || response.status !== 200) return response;
      const path = new URL(request.url).pathname;
      const body = parse(response.bodyAsText);
      if (body === undefined) return response; // not JSON: the SDK's own parse error names it
      const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
      if (error && typeof error === "object" && typeof error.code === "string") {
        throw new UntrustedArmAnswer(
          `ARM answered GET ${path} with HTTP 200 and an error shape ${error.code}: ${String(error.message ?? "")}`.trim(),
        );
      }
      if (!isCollection(path)) return response;
      if (!Array.isArray((body as { value?: unknown }).value)) {
        throw new UntrustedArmAnswer(
          `ARM answered GET ${path} with HTTP 200 but no value list (not read as empty)`,
        );
      }
      const nextLink = (body as { nextLink?: unknown }).nextLink;
      if (typeof nextLink === "string" && nextLink) {
        if (links.has(nextLink)) {
          throw new UntrustedArmAnswer(
            `ARM repeated a nextLink for ${path} after ${links.size + 1} pages (a cycle)`,
          );
        }
        links.add(nextLink);
        if (links.size >= MAX_PAGES) {
          throw new UntrustedArmAnswer(`ARM listed more than ${MAX_PAGES} pages for ${path}; stopped`);
        }
      }
      return response;
    },
  };
}

/** ARM paths pair type and name (`subscriptions/S`, `providers/NS`, `accounts/A`): odd is a list. */
export function isCollection(path: string): boolean {
  return path.split("/").filter(Boolean).length % 2 === 1;
}

function parse(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}
