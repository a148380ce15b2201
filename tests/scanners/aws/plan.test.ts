// Planning: accounts from config, Organizations or the caller; regions from config or each account's
// enabled regions; honest failing shards when an account's regions cannot be listed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsConfig } from "../../../core/model.ts";
import { planAws } from "../../../scanners/aws/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsDeps, CALLER, MEMBER, twoAccounts } from "./fixture.ts";

const THIRD = "333333333333";
let sim: AwsSimulator;
beforeEach(async () => {
  const scenario = twoAccounts(1);
  scenario.accounts[THIRD] = { enabledRegions: ["ap-southeast-2"], regions: {} };
  scenario.organization = {
    accounts: [{ id: CALLER }, { id: MEMBER }, { id: THIRD }, { id: "444444444444", status: "SUSPENDED" }],
  };
  sim = await startAwsSimulator(scenario, { pageSize: 2 });
});
afterEach(() => sim.stop());

const plan = (cfg: Record<string, unknown>) => planAws(AwsConfig.parse(cfg), awsDeps(sim));
const keys = (specs: { account: string; region: string; service: string }[]) =>
  specs.map((s) => `${s.account}/${s.region}/${s.service}`).sort();

describe("planAws", () => {
  it("scans only the caller's own account when none are configured, without assuming a role", async () => {
    const specs = await plan({ regions: ["us-east-1"] });
    expect(keys(specs)).toEqual([
      `${CALLER}/global/iam`,
      `${CALLER}/us-east-1/bedrock`,
      `${CALLER}/us-east-1/bedrock-agentcore`,
      `${CALLER}/us-east-1/cloudwatch`,
      `${CALLER}/us-east-1/sagemaker`,
      `${CALLER}/us-east-1/secretsmanager`,
      `${CALLER}/us-east-1/ssm`,
    ]);
    expect(specs.every((s) => s.params?.roleArn === undefined)).toBe(true);
  });

  it("takes every ACTIVE account from Organizations and carries the role to assume in params", async () => {
    const specs = await plan({ organization: true, regions: ["eu-west-1"], roleName: "Scanner" });
    expect([...new Set(specs.map((s) => s.account))].sort()).toEqual([CALLER, MEMBER, THIRD]);
    const member = specs.filter((s) => s.account === MEMBER);
    expect(member.every((s) => s.params?.roleArn === `arn:aws:iam::${MEMBER}:role/Scanner`)).toBe(true);
    // Round-robin over accounts, so the first shards spread over several rate-limit keys.
    expect(new Set(specs.slice(0, 3).map((s) => s.account)).size).toBe(3);
  });

  it("uses each account's enabled regions when regions is 'enabled'", async () => {
    const specs = await plan({ accounts: [CALLER, THIRD], services: ["sagemaker"] });
    expect(keys(specs)).toEqual([
      `${CALLER}/eu-west-1/sagemaker`,
      `${CALLER}/us-east-1/sagemaker`,
      `${THIRD}/ap-southeast-2/sagemaker`,
    ]);
    expect(
      sim.requests
        .filter((r) => r.operation === "ListRegions")
        .map((r) => r.account)
        .sort(),
    ).toEqual([CALLER, THIRD]);
  });

  it("plans failing global shards for an account whose regions cannot be listed", async () => {
    sim.controls.deny({ account: MEMBER, service: "account" });
    const specs = await plan({ accounts: [CALLER, MEMBER] });
    const member = specs.filter((s) => s.account === MEMBER);
    expect(keys(member)).toEqual([
      `${MEMBER}/global/bedrock`,
      `${MEMBER}/global/bedrock-agentcore`,
      `${MEMBER}/global/cloudwatch`,
      `${MEMBER}/global/iam`,
      `${MEMBER}/global/sagemaker`,
      `${MEMBER}/global/secretsmanager`,
      `${MEMBER}/global/ssm`,
    ]);
    expect(
      member.every((s) =>
        /cannot list enabled regions of 222222222222: ListRegions: AccessDeniedException.* — grant account:ListRegions to arn:aws:iam::222222222222:role\/AimscanReadOnly/.test(
          s.params?.planError ?? "",
        ),
      ),
    ).toBe(true);
    expect(specs.some((s) => s.account === CALLER && s.region === "us-east-1")).toBe(true);
  });
});
