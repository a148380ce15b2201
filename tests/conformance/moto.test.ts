// Conformance against moto, an AWS emulator nobody here wrote: an estate seeded with the real AWS SDK
// (every AI kind moto can create, two regions, the Organizations management account and a member
// reached by AssumeRole), scanned by `aimscan scan` in a child process as a user runs it (standard
// credential chain, AWS_ENDPOINT_URL). Asserts moto's own ARNs, names, tags and attributes; that the
// kinds moto lacks fail their shard loudly (never an empty list); and that every call aimscan made is
// read-only and inside `aimscan iam-policy`.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Asset, Snapshot } from "../../core/model.ts";
import { awsIamActions } from "../../scanners/iam-policy.ts";
import { aimscanScan } from "./moto-scan.ts";
import { BASE_KEYS, type Seeded, seedBedrock, seedOrganization, seedSageMaker } from "./moto-seed.ts";
import { type MotoServer, startMoto } from "./moto-server.ts";
import { type Recorder, startRecorder } from "./recorder.ts";

const REGIONS = ["us-east-1", "eu-west-1"];

let moto: MotoServer;
let proxy: Recorder;
let org: Awaited<ReturnType<typeof seedOrganization>>;
let seeded: Seeded[] = [];
let snapshot: Snapshot;
let stderr = "";
let exitCode: number | null = null;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startRecorder(moto.endpoint);
  proxy.recording = false;
  const at = proxy.endpoint;
  org = await seedOrganization(at, "us-east-1");
  const { caller, member, memberCreds } = org;
  seeded = [
    ...(await seedSageMaker(at, "us-east-1", caller, BASE_KEYS, "a-use1")),
    ...(await seedSageMaker(at, "eu-west-1", caller, BASE_KEYS, "a-euw1")),
    ...(await seedSageMaker(at, "us-east-1", member, memberCreds, "b-use1")),
    ...(await seedSageMaker(at, "eu-west-1", member, memberCreds, "b-euw1")),
    ...(await seedBedrock(at, "us-east-1", caller, BASE_KEYS, "a-use1", true)),
    ...(await seedBedrock(at, "eu-west-1", member, memberCreds, "b-euw1", true)),
  ];
  proxy.recording = true;
  const dir = mkdtempSync(join(tmpdir(), "aimscan-moto-"));
  const config = [
    "inventory: .",
    "aws:",
    `  regions: [${REGIONS.join(", ")}]`,
    "  organization: true",
    "  roleName: AimscanReadOnly",
  ].join("\n");
  const r = await aimscanScan(dir, `${config}\n`, proxy.endpoint, "us-east-1");
  snapshot = r.snapshot;
  stderr = r.stderr;
  exitCode = r.code;
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const find = (s: Seeded): Asset | undefined =>
  snapshot.assets.find((a) => a.kind === s.kind && a.id.toLowerCase() === s.arn.toLowerCase());

describe("aimscan against moto", () => {
  it("plans both accounts of the Organization, the member through AssumeRole", () => {
    const accounts = [...new Set(snapshot.coverage.map((c) => c.account))].sort();
    expect(accounts).toEqual([org.caller, org.member].sort());
    expect(proxy.calls.some((c) => c.operation === "ListAccounts")).toBe(true);
    expect(proxy.calls.some((c) => c.operation === "AssumeRole")).toBe(true);
  });

  it("finds every seeded asset with moto's exact ARN, its name, account, region and tags", () => {
    expect(seeded.length).toBe(4 * 7 + 2 * 3);
    for (const s of seeded) {
      const a = find(s);
      expect(a, `${s.kind} ${s.arn}`).toBeDefined();
      expect(a!.id).toBe(s.arn);
      expect(a).toMatchObject({ name: s.name, account: s.account, region: s.region, service: s.service });
      expect(a!.tags, s.arn).toEqual(s.tags);
    }
  });

  it("reads the attributes moto serves", () => {
    const byName = (name: string) => snapshot.assets.find((a) => a.name === name)!;
    expect(byName("a-use1-endpoint").attributes).toMatchObject({
      endpointConfigName: "a-use1-config",
      instanceType: "ml.m5.large",
      variants: [expect.objectContaining({ model: "a-use1-model", instanceType: "ml.m5.large" })],
    });
    expect(byName("b-euw1-notebook").attributes).toMatchObject({ instanceType: "ml.t3.medium" });
    expect(byName("b-use1-training").attributes).toMatchObject({
      instanceType: "ml.m5.xlarge",
      trainingImage: "training:latest",
    });
    expect(byName("a-euw1-domain").attributes).toMatchObject({ authMode: "IAM", vpcId: "vpc-1" });
    expect(byName("a-use1-group").attributes).toMatchObject({ description: "registry" });
    expect(byName("a-use1-custom").attributes).toMatchObject({
      baseModelArn: expect.stringContaining("amazon.titan-text-express-v1"),
    });
    const logging = snapshot.assets.find(
      (a) => a.kind === "invocation-logging" && a.account === org.member && a.region === "eu-west-1",
    )!;
    expect(logging.attributes).toMatchObject({ enabled: true, s3Bucket: "b-euw1-logs" });
  });

  it("fails, loudly and readably, every shard whose kinds moto does not implement", () => {
    // moto 5.2 lacks ListInferenceComponents, ListImportedModels, ListProvisionedModelThroughputs,
    // ListGuardrails and ListServiceSpecificCredentials; it answers an HTML 500 page.
    expect(exitCode).toBe(1);
    const lacking: Record<string, string> = {
      sagemaker: "inference-component: ListInferenceComponents",
      bedrock: "imported-model: ListImportedModels",
      iam: "api-key: ListServiceSpecificCredentials",
    };
    // Two accounts × (two regions × every regional service + the global IAM shard).
    const regional = new Set(snapshot.coverage.filter((c) => c.region !== "global").map((c) => c.service));
    expect(snapshot.coverage).toHaveLength(2 * (2 * regional.size + 1));
    // Where moto implements every call of a service, its shards are ok.
    for (const c of snapshot.coverage.filter((x) => !(x.service in lacking))) {
      expect(c.status, `${c.account}/${c.region}/${c.service}: ${c.error}`).toBe("ok");
    }
    for (const c of snapshot.coverage.filter((x) => x.service in lacking)) {
      expect(c.status, `${c.account}/${c.region}/${c.service}`).toBe("error");
      expect(c.error).toContain(
        `${lacking[c.service]}: the endpoint answered HTTP 500 with content type text/html`,
      );
      expect(c.error).toContain("an emulator that lacks");
    }
    for (const c of snapshot.coverage.filter((x) => x.service === "bedrock")) {
      expect(c.error).toMatch(/also failed: .*provisioned-throughput.*guardrail|also failed: .*guardrail/);
    }
    expect(stderr).toContain(
      `aws/${org.member}/eu-west-1/sagemaker: inference-component: ListInferenceComponents`,
    );
  });

  it("made only read-only calls, every one inside `aimscan iam-policy`", () => {
    const granted = new Set(awsIamActions());
    expect(proxy.calls.length).toBeGreaterThan(50);
    for (const c of proxy.calls) {
      expect(c.operation, `${c.method} ${c.path}`).toMatch(/^(List|Describe|Get|AssumeRole$)/);
      if (c.operation === "GetCallerIdentity") continue; // needs no permission
      // CloudWatch signs as "monitoring"; its IAM actions are "cloudwatch:".
      const prefix = c.service === "monitoring" ? "cloudwatch" : c.service;
      expect(granted.has(`${prefix}:${c.operation}`), `${prefix}:${c.operation}`).toBe(true);
    }
  });
});

describe.each([
  { region: "us-gov-west-1", partition: "aws-us-gov" },
  { region: "cn-north-1", partition: "aws-cn" },
])("aimscan against moto in $region", ({ region, partition }) => {
  let own: Seeded[] = [];
  let run: Awaited<ReturnType<typeof aimscanScan>>;
  let first = 0;
  beforeAll(async () => {
    proxy.recording = false;
    own = await seedSageMaker(proxy.endpoint, region, org.caller, BASE_KEYS, `p-${region}`);
    if (partition === "aws-us-gov") {
      own.push(...(await seedBedrock(proxy.endpoint, region, org.caller, BASE_KEYS, `p-${region}`, true)));
    }
    proxy.recording = true;
    first = proxy.calls.length;
    const dir = mkdtempSync(join(tmpdir(), "aimscan-moto-"));
    run = await aimscanScan(
      dir,
      `inventory: .\naws:\n  regions: [${region}]\n  accounts: ["${org.caller}"]\n`,
      proxy.endpoint,
      region,
    );
  }, 120_000);

  it("finds every asset with moto's ARN in the partition, and its tags", () => {
    expect(own.length).toBeGreaterThanOrEqual(7);
    for (const s of own) {
      expect(s.arn.startsWith(`arn:${partition}:`), s.arn).toBe(true);
      const a = run.snapshot.assets.find((x) => x.id === s.arn);
      expect(a, s.arn).toBeDefined();
      expect(a!.tags).toEqual(s.tags);
    }
    for (const a of run.snapshot.assets) expect(a.id.startsWith(`arn:${partition}:`), a.id).toBe(true);
  });

  it("signs STS and IAM for the partition's home region", () => {
    const calls = proxy.calls.slice(first);
    const home = partition === "aws-cn" ? "cn-north-1" : "us-gov-west-1";
    for (const c of calls.filter((x) => x.service === "sts" || x.service === "iam")) {
      expect(c.region, `${c.service}:${c.operation}`).toBe(home);
    }
    expect(calls.some((c) => c.service === "iam")).toBe(true);
  });
});
