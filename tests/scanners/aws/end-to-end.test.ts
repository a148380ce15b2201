// End to end: scan the simulated estate, reconcile it against a declared inventory, get the drift.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport, Inventory } from "../../../core/model.ts";
import { reconcile } from "../../../core/reconcile.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, MEMBER, twoAccounts } from "./fixture.ts";

const ep = (account: string, region: string, name: string) =>
  `arn:aws:sagemaker:${region}:${account}:endpoint/${name}`;

const inventory: Inventory = {
  systems: [
    {
      id: "fraud-scoring",
      assets: [
        // Present with the declared instance type: matched.
        {
          id: ep(CALLER, "us-east-1", "a-use1-ep-1"),
          expect: { attributes: { instanceType: "ml.g5.xlarge" } },
        },
        // Present but runs on another instance type: changed.
        {
          id: ep(CALLER, "eu-west-1", "a-euw1-ep-1"),
          expect: { attributes: { instanceType: "ml.m5.large" } },
        },
        // Declared, scanned ok, not there: missing.
        { id: ep(CALLER, "us-east-1", "retired-endpoint") },
        // Declared where the scan was denied: unverified, never missing.
        { id: `arn:aws:bedrock:eu-west-1:${MEMBER}:custom-model/vanished-model` },
      ],
    },
    {
      id: "genai-platform",
      assets: [{ match: { provider: "aws", service: "bedrock", kind: "custom-model", account: CALLER } }],
    },
  ],
};

let sim: AwsSimulator;
let report: DriftReport;
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(1));
  sim.controls.deny({ account: MEMBER, region: "eu-west-1", service: "bedrock" });
  const snapshot = await scan(awsConfig({ accounts: [CALLER, MEMBER] }), { deps: { aws: awsDeps(sim) } });
  report = reconcile(inventory, snapshot);
});
afterAll(() => sim.stop());

const status = (assetId: string) => report.items.find((i) => i.assetId === assetId)?.status;

describe("scan → reconcile", () => {
  it("matches, flags changes and finds what is missing where the scan was ok", () => {
    expect(status(ep(CALLER, "us-east-1", "a-use1-ep-1"))).toBe("matched");
    const changed = report.items.find((i) => i.assetId === ep(CALLER, "eu-west-1", "a-euw1-ep-1"));
    expect(changed).toMatchObject({
      status: "changed",
      diffs: [{ path: "attributes.instanceType", expected: "ml.m5.large", actual: "ml.g5.xlarge" }],
    });
    expect(status(ep(CALLER, "us-east-1", "retired-endpoint"))).toBe("missing");
  });

  it("reads a denied region as unverified, not as a deleted asset", () => {
    expect(status(`arn:aws:bedrock:eu-west-1:${MEMBER}:custom-model/vanished-model`)).toBe("unverified");
  });

  it("claims selector matches and reports everything else as undeclared", () => {
    expect(status(`arn:aws:bedrock:us-east-1:${CALLER}:custom-model/a-use1-custom-1`)).toBe("matched");
    expect(status(ep(MEMBER, "us-east-1", "b-use1-ep-1"))).toBe("undeclared");
    expect(report.summary).toMatchObject({ matched: 3, changed: 1, missing: 1, unverified: 1 });
    expect(report.summary.undeclared).toBe(report.summary.observed - 4);
  });
});
