// The securityhub sink with the real @aws-sdk/client-securityhub against the simulator's
// BatchImportFindings (REST-JSON POST /findings/import): new and resolved findings, 100 a call.
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigest, sendAlerts } from "../../../core/alerts/index.ts";
import { exportFindings } from "../../../core/export/index.ts";
import type { PolicyResult } from "../../../core/model.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { ACCOUNT, credentials, emptyReport, failure, undeclared } from "./fixtures.ts";

let sim: AwsSimulator;
let client: SecurityHubClient;

beforeAll(async () => {
  sim = await startAwsSimulator({ accounts: { [ACCOUNT]: { regions: {} } } });
  client = new SecurityHubClient({
    endpoint: sim.endpoint,
    region: "eu-west-1",
    credentials,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await sim.stop();
});

const onAsset = (n: number): PolicyResult => ({
  ...failure("aws-bedrock-invocation-logging-enabled", "high"),
  assetId: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/e${n}`,
  remediation: "Turn on invocation logging.",
});

describe("securityhub sink", () => {
  it("imports new and resolved findings in calls of at most 100, resolved ones as RESOLVED", async () => {
    const newFailures = Array.from({ length: 150 }, (_, n) => onAsset(n));
    const resolved = [{ ...onAsset(900), delta: "resolved" as const }];
    const digest = buildDigest({
      runId: "run-2",
      report: emptyReport("run-2"),
      newItems: [undeclared("shadow")],
      resolvedItems: [],
      newPolicyFailures: newFailures,
      resolvedPolicyFailures: resolved,
    });
    const [result] = await sendAlerts(
      digest,
      { securityhub: { region: "eu-west-1", account: "999988887777" } },
      { securityHub: client },
    );
    expect(result).toEqual({ sink: "securityhub", ok: true, sent: 152 });
    const calls = sim.requests.filter((r) => r.operation === "BatchImportFindings");
    expect(calls.map((c) => (c.input as { Findings: unknown[] }).Findings.length)).toEqual([100, 52]);
    const imported = sim.published.filter((p) => p.service === "securityhub");
    expect(new Set(imported.map((p) => p.target))).toEqual(
      new Set(["arn:aws:securityhub:eu-west-1:999988887777:product/999988887777/default"]),
    );
    const closed = imported.filter((p) => p.attributes.workflow === "RESOLVED");
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0]!.message)).toMatchObject({
      RecordState: "ARCHIVED",
      Resources: [{ Id: resolved[0]!.assetId }],
    });
    for (const p of imported.filter((x) => x.attributes.workflow === "NEW"))
      expect(JSON.parse(p.message).Remediation.Recommendation.Text).toBeTruthy();
  });

  it("gives a finding the same Id as aimscan export --format asff does, so a resolution closes it", async () => {
    const r = onAsset(7);
    const digest = buildDigest({
      runId: "run-3",
      report: emptyReport("run-3"),
      newItems: [],
      resolvedItems: [],
      newPolicyFailures: [],
      resolvedPolicyFailures: [{ ...r, delta: "resolved" }],
    });
    sim.published.length = 0;
    await sendAlerts(
      digest,
      { securityhub: { region: "eu-west-1", account: "999988887777" } },
      { securityHub: client },
    );
    const sent = JSON.parse(sim.published[0]!.message);
    const exported = exportFindings({ ...emptyReport("run-2"), policyResults: [{ ...r, delta: "new" }] });
    expect(sent.Id).toBe(`aimscan/${exported[0]!.uid}`);
  });

  it("records an endpoint that refuses the call as a sink failure, not a failed run", async () => {
    const digest = buildDigest({
      runId: "run-4",
      report: emptyReport("run-4"),
      newItems: [],
      resolvedItems: [],
      newPolicyFailures: [onAsset(1)],
    });
    // A path the service does not serve: the real client gets an error answer back.
    const [result] = await sendAlerts(
      digest,
      { securityhub: { region: "eu-west-1", account: "999988887777" } },
      {
        securityHub: new SecurityHubClient({
          endpoint: `${sim.endpoint}/nowhere`,
          region: "eu-west-1",
          credentials,
          maxAttempts: 1,
        }),
      },
    );
    expect(result).toMatchObject({ sink: "securityhub", ok: false, sent: 0 });
    expect(result!.error).toBeTruthy();
  });
});
