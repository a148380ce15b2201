// The storm guard end to end: reconcile → the real store (dynalite through the DynamoDB client)
// computes new/ongoing/resolved → digest → real SNS/EventBridge clients against the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigest, sendAlerts } from "../../../core/alerts/index.ts";
import type { Asset, Inventory, Snapshot } from "../../../core/model.ts";
import { reconcile } from "../../../core/reconcile.ts";
import { openStore, type Store } from "../../../core/store/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { ACCOUNT, awsClients, BUS, TOPIC } from "./fixtures.ts";
import { type SlackReceiver, startSlackReceiver } from "./slack-receiver.ts";

const endpoint = (name: string): Asset => ({
  id: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${name}`,
  provider: "aws",
  service: "sagemaker",
  kind: "endpoint",
  account: ACCOUNT,
  region: "us-east-1",
  name,
  tags: {},
  attributes: {},
});

const inventory: Inventory = {
  systems: [
    { id: "fraud-scoring", owner: "risk@example.com", assets: [{ id: endpoint("fraud-scorer").id }] },
  ],
};

let sim: AwsSimulator;
let slack: SlackReceiver;
let store: Store;
let clients: ReturnType<typeof awsClients>;

beforeAll(async () => {
  sim = await startAwsSimulator({ accounts: { [ACCOUNT]: { regions: {} } } });
  slack = await startSlackReceiver();
  store = await openStore({ type: "memory" });
  clients = awsClients(sim.endpoint);
});
afterAll(async () => {
  clients.sns.destroy();
  clients.eventBridge.destroy();
  await Promise.all([sim.stop(), slack.stop(), store.close()]);
});

async function night(n: number, names: string[]) {
  const runId = `night-${n}`;
  const startedAt = `2026-03-0${n}T02:00:00.000Z`;
  const snapshot: Snapshot = {
    schemaVersion: 1,
    scannedAt: startedAt,
    assets: names.map(endpoint),
    coverage: [
      { provider: "aws", account: ACCOUNT, region: "us-east-1", service: "sagemaker", status: "ok" },
    ],
  };
  await store.startRun({ runId, startedAt });
  const done = await store.completeRun(runId, reconcile(inventory, snapshot, { runId }), snapshot.assets);
  const digest = buildDigest({ runId, ...done });
  return {
    digest,
    results: await sendAlerts(digest, { sns: TOPIC, eventbridge: BUS, slackWebhookUrl: slack.url }, clients),
  };
}

const sns = () => sim.published.filter((p) => p.service === "sns");
const events = () => sim.published.filter((p) => p.service === "events").map((p) => JSON.parse(p.message));

describe("alerts across consecutive runs", () => {
  it("alerts on an open undeclared item once, not again the next night, and reports its resolution", async () => {
    const first = await night(1, ["fraud-scorer", "shadow"]);
    expect(first.digest.new.map((e) => e.name)).toEqual(["shadow"]);
    expect(sns()).toHaveLength(1);
    expect(events().map((e) => e.name)).toEqual(["shadow"]);
    expect(slack.received).toHaveLength(1);

    const second = await night(2, ["fraud-scorer", "shadow"]);
    expect(second.digest.empty).toBe(true);
    expect(second.results.every((r) => r.ok && r.sent === 0)).toBe(true);
    expect(sns()).toHaveLength(1);
    expect(events()).toHaveLength(1);
    expect(slack.received).toHaveLength(1);

    const third = await night(3, ["fraud-scorer", "shadow-2"]);
    expect(third.digest.new.map((e) => e.name)).toEqual(["shadow-2"]);
    expect(third.digest.resolved.map((e) => e.assetId)).toEqual([endpoint("shadow").id]);
    expect(sns()).toHaveLength(2);
    expect(events().map((e) => e.name)).toEqual(["shadow", "shadow-2"]);
    expect(slack.received).toHaveLength(2);
  });
});
