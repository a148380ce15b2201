// The alert outbox (issue 13): a digest a sink did not accept stays in the store and is re-sent by
// the next night, marked as a re-send; Slack's Retry-After is honoured; `run`'s result says a
// sink failed. Real store (dynalite) and a loopback Slack webhook.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../../core/store/index.ts";
import { endpoint, outboxNight } from "./outbox-night.ts";
import { type SlackReceiver, startSlackReceiver } from "./slack-receiver.ts";

let slack: SlackReceiver;
let store: Store;
let dir: string;
beforeEach(async () => {
  slack = await startSlackReceiver();
  store = await openStore({ type: "memory" });
  dir = mkdtempSync(join(tmpdir(), "aimscan-outbox-"));
});
afterEach(async () => {
  await Promise.all([slack.stop(), store.close()]);
});

const night = (n: number, names: string[]) =>
  outboxNight(n, names.map(endpoint), {
    store,
    dir,
    alerts: { slackWebhookUrl: slack.url },
    alertDeps: { timeoutMs: 5000 },
  });

describe("alert outbox", () => {
  it("re-sends a digest Slack refused with 500 on the next night, marked as a re-send", async () => {
    slack.queue({ status: 500, body: "boom" });
    const first = await night(1, ["shadow-1"]);
    expect(first.sinks).toEqual([expect.objectContaining({ sink: "slack", ok: false })]);
    expect((await store.outbox.pending()).map((e) => e.runId)).toEqual(["night-1"]);

    const second = await night(2, ["shadow-1", "shadow-2"]);
    expect(second.resent).toEqual([
      expect.objectContaining({
        runId: "night-1",
        resent: true,
        sinks: [expect.objectContaining({ ok: true })],
      }),
    ]);
    expect(second.sinks).toEqual([expect.objectContaining({ sink: "slack", ok: true })]);
    expect(await store.outbox.pending()).toEqual([]);
    const texts = slack.received.map((r) => JSON.stringify(r.body));
    // night-1 refused, night-1 re-sent, night-2 sent: shadow-1 reached Slack.
    expect(texts).toHaveLength(3);
    expect(texts[1]).toContain("Re-sent");
    expect(texts[1]).toContain("shadow-1");
  });

  it("honours Slack's Retry-After within the deadline", async () => {
    slack.queue({ status: 429, body: "rate_limited", headers: { "retry-after": "1" } });
    const started = Date.now();
    const first = await night(1, ["shadow-1"]);
    expect(first.sinks).toEqual([expect.objectContaining({ sink: "slack", ok: true })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(slack.received).toHaveLength(2);
    expect(await store.outbox.pending()).toEqual([]);
  });

  it("keeps a digest whose Retry-After is too long for this run in the outbox", async () => {
    slack.queue({ status: 429, body: "rate_limited", headers: { "retry-after": "3600" } });
    const first = await night(1, ["shadow-1"]);
    expect(first.sinks[0]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/429 \(retry after 3600 s\)/),
    });
    expect((await store.outbox.pending())[0]).toMatchObject({
      runId: "night-1",
      pending: ["slack"],
      attempts: 1,
    });
  });

  it("carries the evidence manifest hash in the digest", async () => {
    const first = await night(1, ["shadow-1"]);
    expect(first.digest.manifestHash).toBe(first.evidence.manifestHash);
    expect(JSON.stringify(slack.received[0]!.body)).toContain(first.evidence.manifestHash.slice(0, 16));
  });
});
