// The three AWS wire protocols the SDK v3 clients speak (reference/wire-protocols.md): AWS JSON 1.1,
// REST-JSON and query/XML. Handlers return plain values; this file turns them into replies and
// errors exactly as each protocol carries them, so SDK error names come out right.
import type { ServerResponse } from "node:http";

/** json10: AWS JSON 1.0 in query-compatible mode (CloudWatch): error codes in x-amzn-query-error. */
export type Protocol = "json" | "json10" | "rest" | "query";

/** What a handler answers: a body value, or an AWS error. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface Sigv4 {
  accessKeyId: string;
  region: string;
  service: string;
}

/** Reads `Credential=AKID/DATE/REGION/SERVICE/aws4_request` from the Authorization header. */
export function parseSigv4(authorization: string | undefined): Sigv4 | undefined {
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? "");
  if (!m) return undefined;
  return { accessKeyId: m[1]!, region: m[2]!, service: m[3]! };
}

export function sendBody(res: ServerResponse, protocol: Protocol, operation: string, body: unknown): void {
  if (protocol === "query") {
    const requestId = `<ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata>`;
    const xml = `<${operation}Response><${operation}Result>${toXml(body)}</${operation}Result>${requestId}</${operation}Response>`;
    send(res, 200, "text/xml", `<?xml version="1.0" encoding="UTF-8"?>${xml}`);
  } else {
    send(res, 200, contentType(protocol), JSON.stringify(body ?? {}));
  }
}

export function sendError(res: ServerResponse, protocol: Protocol, err: AwsError): void {
  if (protocol === "query") {
    const type = err.status >= 500 ? "Receiver" : "Sender";
    const xml =
      `<ErrorResponse><Error><Type>${type}</Type><Code>${esc(err.code)}</Code>` +
      `<Message>${esc(err.message)}</Message></Error><RequestId>${crypto.randomUUID()}</RequestId></ErrorResponse>`;
    send(res, err.status, "text/xml", xml);
  } else if (protocol === "json") {
    send(res, err.status, contentType(protocol), JSON.stringify({ __type: err.code, message: err.message }));
  } else if (protocol === "json10") {
    res.setHeader("x-amzn-query-error", `${err.code};${err.status >= 500 ? "Receiver" : "Sender"}`);
    send(res, err.status, contentType(protocol), JSON.stringify({ __type: err.code, message: err.message }));
  } else {
    res.setHeader("x-amzn-errortype", err.code);
    send(res, err.status, contentType(protocol), JSON.stringify({ message: err.message }));
  }
}

/** A 200 whose body no parser accepts: what a truncating proxy or a broken gateway produces. */
export function sendMalformed(res: ServerResponse, protocol: Protocol): void {
  send(
    res,
    200,
    protocol === "query" ? "text/xml" : contentType(protocol),
    protocol === "query" ? "<Oops" : "{not json",
  );
}

function contentType(protocol: Protocol): string {
  if (protocol === "json10") return "application/x-amz-json-1.0";
  return protocol === "json" ? "application/x-amz-json-1.1" : "application/json";
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "x-amzn-requestid": crypto.randomUUID() });
  res.end(body);
}

/** Query-protocol XML: arrays become `<member>` lists, dates ISO strings, undefined is left out. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join("");
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return esc(String(value));
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Refuses a page size outside the operation's documented range, as AWS does (ValidationException):
 * SageMaker lists accept 1–100, Bedrock and Bedrock Agent 1–1000, Organizations ListAccounts 1–20,
 * Account ListRegions 1–50, IAM MaxItems 1–1000 (IAM's query protocol names it ValidationError).
 * Absent means the service default.
 */
export function checkMax(value: unknown, max: number, field: string, code = "ValidationException"): void {
  if (value === undefined || value === null || value === "") return;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new AwsError(
      code,
      `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value ${n < 1 ? "greater than or equal to 1" : `less than or equal to ${max}`}`,
    );
  }
}

/** Pages a list: the token is the next offset, opaque to clients. */
export function page<T>(
  items: readonly T[],
  token: unknown,
  max: unknown,
  pageSize: number,
): { items: T[]; next?: string } {
  const start = typeof token === "string" && token.startsWith("p") ? Number(token.slice(1)) || 0 : 0;
  const size = Math.max(1, Math.min(pageSize, typeof max === "number" && max > 0 ? max : pageSize));
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, next: `p${end}` } : { items: slice };
}

export const epoch = (iso: string): number => Date.parse(iso) / 1000;
