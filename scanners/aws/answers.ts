// An AWS answer that says HTTP 200 but carries an error shape (`{"__type": "AccessDenied…"}`, an XML
// <ErrorResponse>) must fail its call, not deserialise into an empty output: the SDK drops unknown
// members, so after deserialisation such an answer is indistinguishable from "no items".
// Sits inside the deserializer, sees the raw body once, and hands the same bytes on.
import { Readable } from "node:stream";

/** Thrown for a 200 answer that cannot be trusted; fails the shard with the reason. */
export class UntrustedAnswer extends Error {
  override name = "UntrustedAnswer";
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

/** Why a 2xx body is an error in disguise, or undefined when it looks like an answer. */
export function errorShapeIn(text: string, headers: Record<string, string | undefined>): string | undefined {
  const headerType = headers["x-amzn-errortype"] ?? headers["X-Amzn-ErrorType"];
  if (headerType) return `error type ${headerType.split(":")[0]}`;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    // Answers are parsed once more by the SDK: parse here only when an error member may be there.
    if (!/"(?:__type|code|Code)"/.test(trimmed)) return undefined;
    try {
      const body = JSON.parse(trimmed) as Record<string, unknown>;
      if (body && typeof body === "object" && !Array.isArray(body)) {
        const type = body.__type ?? body.code ?? body.Code;
        if (typeof body.__type === "string" || (typeof type === "string" && /Exception|Error/.test(type)))
          return `error shape ${String(type).split("#").pop()}`;
      }
    } catch {
      return undefined; // the deserializer reports bodies that are not JSON
    }
    return undefined;
  }
  if (trimmed.startsWith("<")) {
    const root = /^<([A-Za-z]+)[\s>]/.exec(trimmed.replace(/^<\?xml[^>]*\?>\s*/, ""));
    if (root && (root[1] === "ErrorResponse" || root[1] === "Error")) {
      const code = /<Code>([^<]*)<\/Code>/.exec(trimmed)?.[1];
      return `error shape ${code ?? root[1]}`;
    }
  }
  return undefined;
}

async function readAll(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body;
  if (
    body instanceof Readable ||
    (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function")
  ) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  return undefined;
}

export interface ErrorShapeStackable {
  middlewareStack: {
    addRelativeTo(mw: unknown, options: { relation: "after"; toMiddleware: string; name: string }): void;
  };
}

/** Adds the check to a client: every 2xx body is inspected before the SDK deserialises it. */
export function refuseErrorShapes<C extends ErrorShapeStackable>(client: C): C {
  client.middlewareStack.addRelativeTo(
    (next: (a: unknown) => Promise<{ response: RawResponse }>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const result = await next(args);
        const response = result.response;
        if (!response || response.statusCode < 200 || response.statusCode >= 300) return result;
        const bytes = await readAll(response.body);
        if (bytes === undefined) return result;
        response.body = bytes;
        const why = errorShapeIn(Buffer.from(bytes).toString("utf8"), response.headers ?? {});
        if (why) {
          const op = (context.commandName ?? "call").replace(/Command$/, "");
          throw new UntrustedAnswer(`${op} answered HTTP ${response.statusCode} with an ${why}`);
        }
        return result;
      },
    { relation: "after", toMiddleware: "deserializerMiddleware", name: "aimscanErrorShape" },
  );
  return client;
}
