// A recording HTTP proxy on loopback: aimscan talks to it through AWS_ENDPOINT_URL, it forwards every
// request to moto unchanged and notes which call it was (signing service from the SigV4 scope,
// operation from the JSON target, the query Action, or the REST route as the SDK's HTTP bindings
// declare it). The suite then checks each call is read-only and inside `aimscan iam-policy`.
import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { agentCoreRoutes } from "../../simulator/aws/agentcore.ts";
import { bedrockRoutes } from "../../simulator/aws/bedrock.ts";
import { bedrockMoreRoutes } from "../../simulator/aws/bedrock-more.ts";

export interface RecordedCall {
  service: string;
  region: string;
  operation: string;
  method: string;
  path: string;
  status: number;
}

export interface Recorder {
  endpoint: string;
  calls: RecordedCall[];
  /** Off while the suite seeds the estate, so only aimscan's own calls are checked. */
  recording: boolean;
  stop(): Promise<void>;
}

export async function startRecorder(target: string): Promise<Recorder> {
  const upstream = new URL(target);
  const calls: RecordedCall[] = [];
  const recorder = { recording: true };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
        String(req.headers.authorization ?? ""),
      );
      const url = new URL(req.url ?? "/", "http://recorder");
      const call: RecordedCall = {
        service: scope?.[2] ?? "unsigned",
        region: scope?.[1] ?? "",
        operation: operationOf(req.headers["x-amz-target"], body, req.method ?? "GET", url.pathname),
        method: req.method ?? "GET",
        path: url.pathname,
        status: 0,
      };
      if (recorder.recording) calls.push(call);
      const out = forward(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          call.status = answer.statusCode ?? 0;
          if (call.service !== "bedrock") {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            const raw = Buffer.concat(parts).toString("utf8");
            const json = /^\s*[{[]/.test(raw);
            const text = json ? isoTimestamps(raw) : raw;
            const headers = {
              ...answer.headers,
              ...(json ? { "content-type": "application/json" } : {}),
              "content-length": String(Buffer.byteLength(text)),
            };
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(text);
          });
        },
      );
      out.on("error", (e) => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`recorder: ${e.message}`);
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get recording() {
      return recorder.recording;
    },
    set recording(on: boolean) {
      recorder.recording = on;
    },
    stop: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * THE TEST SHIM (documented moto deviation, moto 5.2): Bedrock and Bedrock Agent are REST-JSON, whose
 * timestamps the API model declares ISO 8601 (date-time). moto answers Bedrock's as
 * "2026-12-01 18:30:27" (no T, no zone) and Bedrock Agent's as epoch seconds, which the SDK rightly
 * refuses ("Invalid RFC-3339 date-time value"). Real AWS answers ISO 8601, so aimscan's parsing stays
 * strict and the proxy rewrites moto's answers to the model's format. moto also labels those JSON
 * bodies `text/html`; the proxy labels them `application/json`. Nothing else is touched.
 */
export function isoTimestamps(json: string): string {
  return json
    .replace(/"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)"/g, '"$1T$2Z"')
    .replace(
      /"(createdAt|updatedAt|preparedAt|creationTime|lastModifiedTime)":\s*(\d+(?:\.\d+)?)/g,
      (_, key: string, n: string) => `"${key}":"${new Date(Number(n) * 1000).toISOString()}"`,
    );
}

const restRoutes = [...bedrockRoutes, ...bedrockMoreRoutes, ...agentCoreRoutes];

function operationOf(target: unknown, body: Buffer, method: string, path: string): string {
  if (typeof target === "string" && target.includes(".")) return target.split(".").pop()!;
  const action = new URLSearchParams(body.toString()).get("Action");
  if (action) return action;
  // Every REST route aimscan calls, as the simulator binds them (the SDKs' own HTTP bindings).
  for (const r of restRoutes) if (r.method === method && r.pattern.test(path)) return r.operation;
  return `${method} ${path}`;
}
