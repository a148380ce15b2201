// The Security Hub sink is an outbox sink like the others (issue 13): a digest it did not take
// whole stays in the store, and the next night imports only the findings not yet imported. Real
// @aws-sdk/client-securityhub against the simulator, real store (dynalite in memory).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Asset } from "../../../core/model.ts";
import { openStore, type Store } from "../../../core/store/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { ACCOUNT, credentials } from "./fixtures.ts";
import { endpoint, outboxNight } from "./outbox-night.ts";

const HUB = { region: "eu-west-1", account: "999988887777" };

const shadow = (n: number) => endpoint(`shadow-${n}`);

let sim: AwsSimulator;
let client: SecurityHubClient;
let store: Store;
let dir: string;
beforeEach(async () => {
  sim = await startAwsSimulator({ accounts: { [ACCOUNT]: { regions: {} } } });
  client = new SecurityHubClient({ endpoint: sim.endpoint, region: HUB.region, credentials, maxAttempts: 1 });
  store = await openStore({ type: "memory" });
  dir = mkdtempSync(join(tmpdir(), "aimscan-hub-outbox-"));
});
afterEach(async () => {
  client.destroy();
  await Promise.all([sim.stop(), store.close()]);
});

const night = (n: number, assets: Asset[]) =>
  outboxNight(n, assets, {
    store,
    dir,
    alerts: { securityhub: HUB },
    alertDeps: { securityHub: client, timeoutMs: 5000 },
  });

const imports = () =>
  sim.requests
    .filter((r) => r.operation === "BatchImportFindings")
    .map((r) => (r.input as { Findings: { Id: string }[] }).Findings);

describe("securityhub sink in the alert outbox", () => {
  it("re-imports only what Security Hub refused, on the next night, and then leaves the outbox", async () => {
    const assets = Array.from({ length: 150 }, (_, n) => shadow(n));
    // The second call of 100 is refused whole (as BatchImportFindings answers: 200 with FailedCount).
    let calls = 0;
    sim.controls.rewrite({ service: "securityhub", operation: "BatchImportFindings" }, (out, call) => {
      calls++;
      if (calls !== 2) return out;
      const findings = (call.input as { Findings: { Id: string }[] }).Findings;
      return {
        SuccessCount: 0,
        FailedCount: findings.length,
        FailedFindings: findings.map((f) => ({
          Id: f.Id,
          ErrorCode: "Throttled",
          ErrorMessage: "try later",
        })),
      };
    });
    const first = await night(1, assets);
    expect(first.sinks).toEqual([expect.objectContaining({ sink: "securityhub", ok: false, sent: 100 })]);
    expect(await store.outbox.pending()).toEqual([
      expect.objectContaining({ runId: "night-1", pending: ["securityhub"], progress: { securityhub: 100 } }),
    ]);
    const firstNight = imports();
    expect(firstNight.map((f) => f.length)).toEqual([100, 50]);

    const second = await night(2, assets);
    expect(second.resent).toEqual([
      expect.objectContaining({
        runId: "night-1",
        resent: true,
        sinks: [expect.objectContaining({ ok: true })],
      }),
    ]);
    const resent = imports().slice(2);
    // Only the 50 refused findings again, the same finding Ids: Security Hub updates them in place.
    expect(resent.map((f) => f.length)).toEqual([50]);
    expect(resent[0]!.map((f) => f.Id)).toEqual(firstNight[1]!.map((f) => f.Id));
    expect(await store.outbox.pending()).toEqual([]);
  });

  it("keeps the digest when Security Hub cannot be reached, and says the sink failed", async () => {
    sim.controls.fail({ service: "securityhub" }, 503);
    const first = await night(1, [shadow(1)]);
    expect(first.sinks).toEqual([expect.objectContaining({ sink: "securityhub", ok: false, sent: 0 })]);
    expect((await store.outbox.pending()).map((e) => e.runId)).toEqual(["night-1"]);
  });
});
