// The generated policy covers every call the scanners made, and nothing but reads (plus AssumeRole).
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { register } from "../../../cli/commands/iam-policy.ts";
import { awsIamActions, awsIamPolicy } from "../../../scanners/iam-policy.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(1), { pageSize: 1 });
  // Organizations + enabled regions exercise the planning calls too.
  await scan(awsConfig({ organization: true, regions: "enabled" }), { deps: { aws: awsDeps(sim) } });
});
afterAll(() => sim.stop());

describe("aimscan iam-policy", () => {
  it("covers every call the scanners made to the simulator", () => {
    // CloudWatch signs as "monitoring" but its IAM actions are "cloudwatch:…".
    const prefix = (service: string) => (service === "monitoring" ? "cloudwatch" : service);
    const made = new Set(sim.requests.map((r) => `${prefix(r.service)}:${r.operation}`));
    // GetCallerIdentity needs no permission (AWS allows it to every principal).
    made.delete("sts:GetCallerIdentity");
    expect(made.size).toBeGreaterThan(25);
    const allowed = new Set(awsIamActions());
    expect([...made].filter((a) => !allowed.has(a))).toEqual([]);
  });

  it("asks for explicit read actions only, besides sts:AssumeRole on the member role", () => {
    const actions = awsIamActions();
    for (const a of actions) {
      expect(a).toMatch(
        /^(sagemaker|bedrock|bedrock-agentcore|iam|organizations|account|sts|cloudwatch|secretsmanager|ssm):(List|Get|Describe)[A-Za-z0-9]+$|^sts:AssumeRole$/,
      );
      expect(a).not.toContain("*");
    }
    const policy = awsIamPolicy({ roleName: "Scanner" });
    expect(policy.Statement[1]).toMatchObject({
      Action: ["sts:AssumeRole"],
      Resource: "arn:aws:iam::*:role/Scanner",
    });
    expect(policy.Statement[0]!.Action).not.toContain("sts:AssumeRole");
  });

  it("prints the policy as JSON", async () => {
    const program = new Command().exitOverride();
    register(program);
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      await program.parseAsync(["iam-policy", "--provider", "aws"], { from: "user" });
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(out)).toEqual(awsIamPolicy());
  });
});
