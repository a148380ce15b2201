// Partial failure is coverage, never silence: throttling, denial, refused roles, 5xx, malformed and
// slow answers, each through the real SDK clients.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Coverage, Snapshot } from "../../../core/model.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, countKinds, MEMBER, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
beforeEach(async () => {
  sim = await startAwsSimulator(twoAccounts(1), { pageSize: 2 });
});
afterEach(() => sim.stop());

const run = (aws: Record<string, unknown> = {}, scanOpts: Record<string, unknown> = {}) =>
  scan(awsConfig({ accounts: [CALLER, MEMBER], ...aws }, scanOpts), { deps: { aws: awsDeps(sim) } });
const cov = (s: Snapshot, account: string, region: string, service: string): Coverage =>
  s.coverage.find((c) => c.account === account && c.region === region && c.service === service)!;
const notOk = (s: Snapshot) => s.coverage.filter((c) => c.status !== "ok");

describe("AWS scan under faults", () => {
  it("retries throttled calls to success and loses nothing", async () => {
    const clean = await run();
    sim.controls.throttle({ service: "sagemaker", operation: "ListEndpoints" }, 3);
    sim.controls.throttle({ service: "bedrock", operation: "GetGuardrail" }, 2);
    sim.controls.throttle({ service: "iam" }, 2);
    const throttled = await run();
    expect(notOk(throttled)).toEqual([]);
    expect(countKinds(throttled.assets)).toEqual(countKinds(clean.assets));
    expect(sim.controls.throttled).toBe(7);
  });

  it("throttles above the simulator's rate and the engine's rate limit keeps the scan clean", async () => {
    sim.controls.rateLimit = 50;
    const s = await run({ accounts: [CALLER] }, { requestsPerSecond: 40 });
    expect(notOk(s)).toEqual([]);
    expect(s.assets.length).toBeGreaterThan(20);
  });

  it("marks only the denied region of one account as error and keeps every other shard", async () => {
    sim.controls.deny({ account: MEMBER, region: "eu-west-1", service: "sagemaker" });
    const s = await run();
    expect(notOk(s)).toEqual([
      expect.objectContaining({
        account: MEMBER,
        region: "eu-west-1",
        service: "sagemaker",
        status: "error",
      }),
    ]);
    expect(cov(s, MEMBER, "eu-west-1", "sagemaker").error).toMatch(/AccessDeniedException/);
    expect(
      s.assets.some((a) => a.account === MEMBER && a.region === "eu-west-1" && a.service === "sagemaker"),
    ).toBe(false);
    expect(
      s.assets.some((a) => a.account === MEMBER && a.region === "eu-west-1" && a.service === "bedrock"),
    ).toBe(true);
    expect(
      s.assets.some((a) => a.account === MEMBER && a.region === "us-east-1" && a.service === "sagemaker"),
    ).toBe(true);
  });

  it("fails the SageMaker shard too when Bedrock is denied: Marketplace endpoints are SageMaker endpoints listed through Bedrock", async () => {
    sim.controls.deny({ account: MEMBER, region: "eu-west-1", service: "bedrock" });
    const s = await run();
    expect(
      notOk(s)
        .map((c) => `${c.account}/${c.region}/${c.service}`)
        .sort(),
    ).toEqual([`${MEMBER}/eu-west-1/bedrock`, `${MEMBER}/eu-west-1/sagemaker`]);
    expect(cov(s, MEMBER, "eu-west-1", "sagemaker").error).toMatch(
      /marketplace-endpoint: ListMarketplaceModelEndpoints: AccessDeniedException.*bedrock:ListMarketplaceModelEndpoints/,
    );
  });

  it("turns a refused AssumeRole into errors for that account only", async () => {
    sim.scenario.accounts[MEMBER]!.assumeRole = { denied: true };
    const s = await run();
    const failed = notOk(s);
    // 2 regions × 6 regional services + IAM.
    expect(failed).toHaveLength(13);
    expect(failed.every((c) => c.account === MEMBER && /sts:AssumeRole/.test(c.error ?? ""))).toBe(true);
    expect(s.coverage.filter((c) => c.account === CALLER).every((c) => c.status === "ok")).toBe(true);
  });

  it("assumes the role with the external id only for accounts other than the caller's", async () => {
    sim.scenario.accounts[MEMBER]!.assumeRole = { externalId: "ext-123" };
    const refused = await run();
    expect(notOk(refused).every((c) => c.account === MEMBER)).toBe(true);
    expect(notOk(refused)).toHaveLength(13);
    sim.requests.length = 0;
    const s = await run({ externalId: "ext-123" });
    expect(notOk(s)).toEqual([]);
    const assumed = sim.requests.filter((r) => r.operation === "AssumeRole");
    // One session shared by the member's shards; none for the caller's own account.
    expect(assumed.map((r) => r.input.RoleArn)).toEqual([`arn:aws:iam::${MEMBER}:role/AimscanReadOnly`]);
    expect(
      sim.requests.filter((r) => r.account === MEMBER && r.service === "sagemaker").length,
    ).toBeGreaterThan(0);
  });

  it("renews an assumed-role session that is about to expire instead of using it", async () => {
    const roleArn = `arn:aws:iam::${MEMBER}:role/AimscanReadOnly`;
    const stale = {
      accessKeyId: "ASIASTALESESSION",
      secretAccessKey: "x",
      expiration: new Date(Date.now() + 60_000),
    };
    const deps = awsDeps(sim, { sessions: new Map([[roleArn, Promise.resolve(stale)]]) });
    const s = await scan(awsConfig({ accounts: [CALLER, MEMBER] }), { deps: { aws: deps } });
    expect(notOk(s)).toEqual([]);
    expect(sim.requests.filter((r) => r.operation === "AssumeRole")).toHaveLength(1);
    expect(sim.requests.some((r) => r.accessKeyId === "ASIASTALESESSION")).toBe(false);
    expect(s.assets.some((a) => a.account === MEMBER)).toBe(true);
  });

  it("reports a 5xx that outlasts the retries as an error with the reason, and retries a brief one", async () => {
    sim.controls.fail(
      { account: CALLER, region: "us-east-1", service: "sagemaker", operation: "ListModels" },
      503,
    );
    sim.controls.fail({ account: MEMBER, service: "bedrock", operation: "ListAgents" }, 500, 2);
    const s = await run();
    expect(notOk(s)).toEqual([
      expect.objectContaining({ account: CALLER, region: "us-east-1", service: "sagemaker" }),
    ]);
    expect(cov(s, CALLER, "us-east-1", "sagemaker").error).toMatch(/^model: .*simulated failure/);
    expect(s.assets.filter((a) => a.kind === "agent" && a.account === MEMBER)).toHaveLength(2);
  });

  it("fails the shard on an unparseable answer instead of reading it as empty", async () => {
    sim.controls.malformed({
      account: MEMBER,
      region: "us-east-1",
      service: "bedrock",
      operation: "ListCustomModels",
    });
    const s = await run();
    expect(notOk(s)).toEqual([
      expect.objectContaining({ account: MEMBER, region: "us-east-1", service: "bedrock" }),
    ]);
    expect(cov(s, MEMBER, "us-east-1", "bedrock").error).toMatch(/^custom-model: /);
  });

  it("times out a shard whose answers are too slow", async () => {
    sim.controls.slow({ account: CALLER, service: "iam" }, 6_000);
    // IAM shards only, so that a busy test machine cannot push other shards past the short timeout.
    const s = await run({ services: ["iam"] }, { shardTimeoutSeconds: 2 });
    expect(notOk(s)).toEqual([
      expect.objectContaining({ account: CALLER, region: "global", service: "iam" }),
    ]);
    expect(cov(s, MEMBER, "global", "iam").status).toBe("ok");
    expect(cov(s, CALLER, "global", "iam").error).toMatch(/timed out/);
  });

  it("skips a service that the region does not offer instead of failing it", async () => {
    // af-south-1 is an opt-in region: both accounts have enabled it.
    for (const account of [CALLER, MEMBER]) {
      sim.scenario.accounts[account]!.enabledRegions = ["us-east-1", "eu-west-1", "af-south-1"];
    }
    const s = await run({ regions: ["us-east-1", "af-south-1"] });
    expect(cov(s, CALLER, "af-south-1", "bedrock")).toMatchObject({ status: "skipped" });
    expect(cov(s, CALLER, "af-south-1", "sagemaker")).toMatchObject({ status: "ok" });
    expect(sim.requests.some((r) => r.service === "bedrock" && r.region === "af-south-1")).toBe(false);
  });
});
