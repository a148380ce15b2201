// Google errors arrive as a GaxiosError whose message is the whole JSON body (gax 5's REST
// transport) or as a GoogleError with a gRPC code (gax 6): reduce both to one readable line.
import { ShardSkipped } from "../engine.ts";

export class GoogleCallError extends Error {
  override name: string;
  constructor(
    status: string,
    readonly httpStatus: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = status;
  }
}

/**
 * `projects` names the scanned project (id and, when known, number). An API that is not enabled in
 * that project answers 403 PERMISSION_DENIED with an ErrorInfo of reason SERVICE_DISABLED whose
 * consumer is the project: nothing of that API can be in use there, so the shard is skipped (coverage
 * `skipped`, declarations unverified) instead of failing every night. A SERVICE_DISABLED naming some
 * other consumer (e.g. the credentials' quota project) is a set-up fault and stays an error.
 */
export function googleCallError(e: unknown, what: string, projects: readonly string[] = []): Error {
  if (!(e instanceof Error)) return new Error(`${what}: ${String(e)}`);
  const withResponse = e as Error & { code?: unknown; status?: unknown; response?: { data?: unknown } };
  const body = parseBody(withResponse.response?.data) ?? parseBody(e.message);
  if (body) {
    const disabled = (body.details ?? []).find((d) => d?.reason === "SERVICE_DISABLED");
    const consumer = disabled?.metadata?.consumer;
    if (disabled && consumer && projects.some((p) => consumer === `projects/${p}`)) {
      return new ShardSkipped(
        `${what}: ${disabled.metadata?.service ?? "the API"} is not enabled in ${consumer}`,
      );
    }
    return new GoogleCallError(
      body.status ?? "ERROR",
      body.code,
      `${what}: ${body.message ?? e.message} (HTTP ${body.code})`,
    );
  }
  return new GoogleCallError(e.name || "Error", undefined, `${what}: ${e.message.split("\n")[0]}`);
}

interface ErrorDetail {
  reason?: string;
  metadata?: { service?: string; consumer?: string };
}
interface ErrorBody {
  code?: number;
  status?: string;
  message?: string;
  details?: ErrorDetail[];
}

function parseBody(data: unknown): ErrorBody | undefined {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const error = (value as { error?: unknown } | null)?.error;
  return error && typeof error === "object" ? (error as ErrorBody) : undefined;
}
