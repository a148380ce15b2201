// EventBridge's deadline is per batch, not per night (issue 13): a storm of slow-but-answering
// PutEvents calls goes out whole, however long it takes; a call that hangs fails the sink after
// its own deadline, the events the bus accepted stay accepted, and the next delivery from the
// outbox sends only the rest. Real EventBridge client against a loopback endpoint speaking AWS JSON 1.1.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildDigest, sendAlerts } from "../../../core/alerts/index.ts";
import { deliverOutbox } from "../../../core/alerts/outbox.ts";
import { openStore } from "../../../core/store/index.ts";
import { BUS, credentials, emptyReport, undeclared } from "./fixtures.ts";

let server: Server;
let client: EventBridgeClient;
const bus = { delayMs: 0, hangOnCall: -1, calls: 0, events: [] as string[] };

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = "";
    req.on("data", (c) => {
      text += String(c);
    });
    req.on("end", () => resolve(text));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const input = JSON.parse(await body(req)) as { Entries: { Detail: string }[] };
    const call = bus.calls++;
    if (call === bus.hangOnCall) return; // never answers
    await new Promise((r) => setTimeout(r, bus.delayMs));
    for (const e of input.Entries) bus.events.push(JSON.parse(e.Detail).assetId);
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
    res.end(
      JSON.stringify({
        FailedEntryCount: 0,
        Entries: input.Entries.map((_, i) => ({ EventId: `e-${call}-${i}` })),
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  client = new EventBridgeClient({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  Object.assign(bus, { delayMs: 0, hangOnCall: -1, calls: 0, events: [] });
});

const storm = (n: number) =>
  buildDigest({
    runId: "night-1",
    report: emptyReport("night-1"),
    newItems: Array.from({ length: n }, (_, i) => undeclared(`shadow-${String(i).padStart(3, "0")}`)),
    resolvedItems: [],
    newPolicyFailures: [],
  });

describe("EventBridge under a deadline per batch", () => {
  it("sends a storm whose calls each answer in time, though together they take longer than the deadline", async () => {
    bus.delayMs = 150;
    const [result] = await sendAlerts(
      storm(120),
      { eventbridge: BUS },
      { eventBridge: client, timeoutMs: 800 },
    );
    expect(result).toEqual({ sink: "eventbridge", ok: true, sent: 120 });
    expect(bus.calls).toBe(12);
    expect(new Set(bus.events).size).toBe(120);
  });

  it("fails the sink at a call that hangs, keeps its place in the outbox, and re-sends only the rest", async () => {
    const store = await openStore({ type: "memory" });
    try {
      const digest = storm(120);
      await store.outbox.put({
        runId: "night-1",
        startedAt: "2026-03-01T02:00:00.000Z",
        digest,
        pending: ["eventbridge"],
      });
      bus.hangOnCall = 2;
      const [first] = await deliverOutbox(
        store.outbox,
        { eventbridge: BUS },
        { eventBridge: client, timeoutMs: 500 },
      );
      expect(first!.sinks).toEqual([
        {
          sink: "eventbridge",
          ok: false,
          sent: 20,
          through: 20,
          error: expect.stringMatching(/^20 of 120 events sent, then: .*timed out/),
        },
      ]);
      expect(await store.outbox.pending()).toEqual([
        expect.objectContaining({
          runId: "night-1",
          pending: ["eventbridge"],
          progress: { eventbridge: 20 },
        }),
      ]);

      bus.events = [];
      const [second] = await deliverOutbox(
        store.outbox,
        { eventbridge: BUS },
        { eventBridge: client, timeoutMs: 500 },
      );
      expect(second).toMatchObject({
        runId: "night-1",
        resent: true,
        sinks: [{ sink: "eventbridge", ok: true, sent: 100 }],
      });
      // Events 21–120 only: the 20 the bus accepted are not sent twice, and none is lost.
      expect(bus.events).toEqual(digest.new.slice(20).map((e) => e.assetId));
      expect(await store.outbox.pending()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
