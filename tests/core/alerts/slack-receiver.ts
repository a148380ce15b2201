// A stand-in Slack incoming webhook on loopback: records each POSTed JSON body and answers like
// Slack ("ok", or an error status when told to).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SlackReceiver {
  url: string;
  received: { path: string; body: any }[];
  /** Next answers: HTTP status and body (default 200 "ok"). */
  failWith(status: number, body: string): void;
  stop(): Promise<void>;
}

export async function startSlackReceiver(): Promise<SlackReceiver> {
  const received: SlackReceiver["received"] = [];
  let answer = { status: 200, body: "ok" };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(raw) });
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
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
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
