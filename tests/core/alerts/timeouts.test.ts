// A sink that never answers must not hold the run: it is recorded as failed once the deadline passes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigest, sendAlerts } from "../../../core/alerts/index.ts";
import { emptyReport, TOPIC, undeclared } from "./fixtures.ts";

let server: Server;
let url: string;
const mode = { value: "hang" as "hang" | "headers-then-hang" };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (mode.value === "headers-then-hang") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("o");
    }
    // otherwise: never answer
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const digest = () =>
  buildDigest({
    runId: "run-2",
    report: emptyReport("run-2"),
    newItems: [undeclared("shadow-a")],
    resolvedItems: [],
    newPolicyFailures: [],
  });

const aws = { region: "us-east-1", endpoint: "", credentials: { accessKeyId: "x", secretAccessKey: "y" } };

describe("a sink that hangs", () => {
  it("Slack that never answers is a recorded failure, not a hung run", async () => {
    mode.value = "hang";
    const results = await sendAlerts(
      digest(),
      { slackWebhookUrl: `${url}/services/SECRET` },
      { timeoutMs: 300 },
    );
    expect(results).toEqual([
      { sink: "slack", ok: false, sent: 0, error: expect.stringContaining("timed out") },
    ]);
  });

  it("Slack that sends headers and then stalls the body is a recorded failure", async () => {
    mode.value = "headers-then-hang";
    const results = await sendAlerts(
      digest(),
      { slackWebhookUrl: `${url}/services/SECRET` },
      { timeoutMs: 300 },
    );
    expect(results[0]).toMatchObject({
      sink: "slack",
      ok: false,
      error: expect.stringContaining("timed out"),
    });
    expect(results[0]!.error).not.toContain("SECRET");
  });

  it("SNS and EventBridge endpoints that never answer are recorded failures", async () => {
    mode.value = "hang";
    const sns = new SNSClient({ ...aws, endpoint: url, maxAttempts: 1 });
    const eventBridge = new EventBridgeClient({ ...aws, endpoint: url, maxAttempts: 1 });
    try {
      const results = await sendAlerts(
        digest(),
        { sns: TOPIC, eventbridge: "aimscan-bus" },
        { sns, eventBridge, timeoutMs: 300 },
      );
      expect(results.map((r) => [r.sink, r.ok, r.sent])).toEqual([
        ["sns", false, 0],
        ["eventbridge", false, 0],
      ]);
      expect(results.every((r) => r.error?.includes("timed out"))).toBe(true);
    } finally {
      sns.destroy();
      eventBridge.destroy();
    }
  });
});
