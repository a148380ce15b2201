// A stand-in Slack incoming webhook on loopback: records each POSTed JSON body and answers like
// Slack ("ok", or an error status when told to).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackReceiver {
  url: string;
  received: { path: string; body: any }[];
  /** Next answers: HTTP status and body (default 200 "ok"). */
  failWith(status: number, body: string): void;
  /** Answers for the next requests only, in order (then back to the default). */
  queue(...answers: { status: number; body: string; headers?: Record<string, string> }[]): void;
  stop(): Promise<void>;
}

export async function startSlackReceiver(): Promise<SlackReceiver> {
  const received: SlackReceiver["received"] = [];
  let answer: { status: number; body: string; headers?: Record<string, string> } = {
    status: 200,
    body: "ok",
  };
  const queued: { status: number; body: string; headers?: Record<string, string> }[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(raw) });
      const next = queued.shift() ?? answer;
      res.writeHead(next.status, { "content-type": "text/plain", ...(next.headers ?? {}) }).end(next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXXSECRETXXXX`,
    received,
    failWith(status, body) {
      answer = { status, body };
    },
    queue(...answers) {
      queued.push(...answers);
    },
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
