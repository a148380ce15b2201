// Lists an ARM collection through an Azure SDK client's own pipeline (bearer token, retries on 429
// after Retry-After, the shard's rate limit) at an api-version newer than the client's generated
// models know. @azure/arm-machinelearning 2.x speaks 2022-10-01, whose models drop workspace kind
// (Hub/Project), managed network isolation, serverless endpoints and registries; the same client's
// pipeline asks 2024-10-01 for them and the raw JSON is read through zod at the edge.
import { createPipelineRequest, type PipelineRequest } from "@azure/core-rest-pipeline";

/** Any generated ARM client (they bundle their own @azure/core-client, so typed structurally). */
export interface ArmSender {
  // `any`: the request type of the client's own core-rest-pipeline copy (the config allows it here)
  sendRequest(request: any): Promise<{ status: number; bodyAsText?: string | null }>;
}

export const ML_API_VERSION = "2024-10-01";

/** An ARM error answer as one line, with the status and ARM's own code (AuthorizationFailed, …). */
export class ArmError extends Error {
  override name = "ArmError";
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code} (HTTP ${statusCode}): ${message}`);
  }
}

/** Every item of `path` (e.g. `/subscriptions/S/providers/…/workspaces`), following nextLink. */
export async function armListAll(
  client: ArmSender,
  endpoint: string,
  path: string,
  apiVersion: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let url: string | undefined = `${endpoint}${path}?api-version=${apiVersion}`;
  const seen = new Set<string>();
  while (url) {
    if (seen.has(url)) throw new Error(`ARM repeated a nextLink: ${url}`);
    seen.add(url);
    const response = await client.sendRequest(
      createPipelineRequest({
        url,
        method: "GET",
        ...(signal ? { abortSignal: signal } : {}),
      }) as PipelineRequest,
    );
    const body = parse(response.bodyAsText ?? "", url);
    if (response.status < 200 || response.status >= 300) {
      const err = (body as { error?: { code?: string; message?: string } }).error ?? {};
      throw new ArmError(response.status, err.code ?? "HttpError", err.message ?? `GET ${path} failed`);
    }
    const page = body as { value?: unknown; nextLink?: unknown };
    // A 200 without the list member is an answer that cannot be trusted, never an empty list.
    if (!Array.isArray(page.value)) throw new Error(`ARM answered ${path} without a value list`);
    items.push(...(page.value as Record<string, unknown>[]));
    url = typeof page.nextLink === "string" && page.nextLink ? page.nextLink : undefined;
  }
  return items;
}

function parse(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`ARM answered ${new URL(url).pathname} with a body that is not JSON`);
  }
}
