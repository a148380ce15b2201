// Shard errors a user can act on. Every failed AWS call reads as one line naming the operation, the
// HTTP status and the request id; an answer that is not JSON/XML (a proxy, a captive portal, an outage
// page, an emulator without the call) shows its content type and first characters instead of the
// parser's complaint; AccessDenied names the action to grant and to whom; throttling that outlived
// the retries says so. The README's "When a shard fails" table lists these classes.

/** What the SDK attaches to the errors it throws (smithy service exceptions and transport errors). */
interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  hostname?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $response?: { statusCode?: number; headers?: Record<string, string>; body?: unknown };
  $responseBodyText?: string;
  /** Set by the middleware below: the operation that failed and the service that signed it. */
  $aimscanOperation?: string;
  $aimscanSigningService?: string;
}

interface Stackable {
  middlewareStack: {
    add(mw: unknown, options: { step: "initialize"; name: string }): void;
    addRelativeTo(mw: unknown, options: { relation: "after"; toMiddleware: string; name: string }): void;
  };
}

const API_BODY = /json|xml/i;
const PREVIEW_CHARS = 60;

/**
 * Records the failing operation on every error, and keeps the first bytes of an answer that is not
 * JSON/XML (the SDK's parser would otherwise consume it and report only "Unexpected token '<'").
 */
export function withErrorContext<C extends Stackable>(client: C): C {
  client.middlewareStack.add(
    (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (e) {
        if (e && typeof e === "object" && !("$aimscanOperation" in e)) {
          Object.defineProperty(e, "$aimscanOperation", {
            value: (context.commandName ?? "").replace(/Command$/, ""),
          });
        }
        throw e;
      }
    },
    { step: "initialize", name: "aimscanErrorContext" },
  );
  client.middlewareStack.addRelativeTo(
    (next: (a: unknown) => Promise<{ response: SdkError["$response"] }>) => async (args: unknown) => {
      const out = await next(args);
      const res = out.response;
      const type = res?.headers?.["content-type"] ?? "";
      const body = res?.body as AsyncIterable<Uint8Array> | undefined;
      if (res && !API_BODY.test(type) && body && typeof body === "object" && Symbol.asyncIterator in body) {
        // Bounded: outage pages are small, and this only runs for answers no API would give.
        const chunks: Uint8Array[] = [];
        let size = 0;
        for await (const chunk of body) {
          chunks.push(chunk);
          size += chunk.length;
          if (size > 1_000_000) break;
        }
        res.body = Buffer.concat(chunks);
      }
      return out;
    },
    { relation: "after", toMiddleware: "deserializerMiddleware", name: "aimscanKeepOddBodies" },
  );
  return client;
}

const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
]);
const DENIED = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnauthorizedOperation",
  "AuthorizationError",
]);
const BAD_TOKEN = new Set([
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "ExpiredToken",
  "ExpiredTokenException",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
]);

export interface ErrorContext {
  /** Who made the call: an assumed role's ARN, or undefined for the identity aimscan runs as. */
  principal?: string | undefined;
  /** IAM service prefix of the failing call when the error does not say (e.g. "bedrock"). */
  service?: string;
}

/** One line: `Operation: what happened (HTTP status, request id) — what to do`. */
export function describeAwsError(e: unknown, ctx: ErrorContext = {}): string {
  if (!(e instanceof Error)) return String(e).slice(0, 300);
  const err = e as Error & SdkError;
  const op = err.$aimscanOperation;
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  const requestId = err.$metadata?.requestId;
  const lead = op ? `${op}: ` : "";
  const where = [status !== undefined ? `HTTP ${status}` : "", requestId ? `request id ${requestId}` : ""]
    .filter(Boolean)
    .join(", ");
  const firstLine = (err.message ?? "").split("\n")[0]!.slice(0, 300);

  // An answer that is not an API's (HTML, plain text) or that the SDK could not parse: not a service
  // error at all, whatever error name the SDK made up for it.
  const type = err.$response?.headers?.["content-type"];
  if (err.$response && ((type && !API_BODY.test(type)) || !err.$fault)) {
    const preview = bodyPreview(err);
    if (!type || !API_BODY.test(type)) {
      return (
        `${lead}the endpoint answered HTTP ${status ?? "?"} with ${type ? `content type ${type}` : "no content type"}` +
        `${preview ? `, body starting ${JSON.stringify(preview)}` : ""}, not an AWS API answer` +
        ` (a proxy, captive portal or outage page, or an emulator that lacks ${op || "this call"}; check AWS_ENDPOINT_URL and proxy settings)`
      );
    }
    return `${lead}${type} answer that does not parse (${where}): ${firstLine}`;
  }

  const name = err.name && err.name !== "Error" ? err.name : (err.code ?? "");
  const message =
    name && !firstLine.startsWith(name) ? `${name}: ${firstLine}` : firstLine || name || "error";
  const statusPart = where ? ` (${where})` : "";
  if (DENIED.has(name)) return `${lead}${message}${statusPart} — ${deniedHint(err, op, ctx)}`;
  if (THROTTLED.has(name) || status === 429) {
    const attempts = err.$metadata?.attempts;
    return (
      `${lead}${message}${statusPart} — still throttled after ${attempts ?? "all"} attempt${attempts === 1 ? "" : "s"};` +
      " lower scan.requestsPerSecond or ask AWS for a higher quota, then re-run"
    );
  }
  if (BAD_TOKEN.has(name)) {
    return (
      `${lead}${message}${statusPart} — the credentials are not valid for this call: expired, for another` +
      " partition (aws-us-gov, aws-cn), or the region is an opt-in region the calling account has not enabled"
    );
  }
  if (err.code === "ENOTFOUND") {
    return `${lead}${message} — cannot resolve ${err.hostname ?? "the endpoint"}: the service may not exist in this region or partition`;
  }
  return `${lead}${message}${statusPart}`;
}

function deniedHint(err: SdkError, op: string | undefined, ctx: ErrorContext): string {
  const stated = /perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/.exec(err.message ?? "")?.[1];
  const action = stated ?? (op && ctx.service ? `${ctx.service}:${op}` : "the action named above");
  const who = ctx.principal ?? "the identity aimscan runs as (aws sts get-caller-identity)";
  if (action === "sts:AssumeRole" || op === "AssumeRole") {
    return (
      `allow ${who} sts:AssumeRole on the member role, and let that role's trust policy accept it` +
      " (with aws.externalId if the role requires one)"
    );
  }
  return `grant ${action} to ${who} (npx aimscan iam-policy prints the whole policy)`;
}

function bodyPreview(err: SdkError): string {
  const body = err.$response?.body;
  const text =
    err.$responseBodyText ??
    (typeof body === "string" ? body : body instanceof Uint8Array ? Buffer.from(body).toString("utf8") : "");
  return text.replace(/\s+/g, " ").trim().slice(0, PREVIEW_CHARS);
}
