// Google errors arrive as a GaxiosError whose message is the whole JSON body (gax 5's REST
// transport) or as a GoogleError with a gRPC code (gax 6): reduce both to one readable line.

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

export function googleCallError(e: unknown, what: string): Error {
  if (!(e instanceof Error)) return new Error(`${what}: ${String(e)}`);
  const withResponse = e as Error & { code?: unknown; status?: unknown; response?: { data?: unknown } };
  const body = parseBody(withResponse.response?.data) ?? parseBody(e.message);
  if (body) {
    return new GoogleCallError(
      body.status ?? "ERROR",
      body.code,
      `${what}: ${body.message ?? e.message} (HTTP ${body.code})`,
    );
  }
  return new GoogleCallError(e.name || "Error", undefined, `${what}: ${e.message.split("\n")[0]}`);
}

function parseBody(data: unknown): { code?: number; status?: string; message?: string } | undefined {
  let value = data;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const error = (value as { error?: unknown } | null)?.error;
  return error && typeof error === "object"
    ? (error as { code?: number; status?: string; message?: string })
    : undefined;
}
