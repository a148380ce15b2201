// SSM parameters named after no vendor but tagged as one: their tags are read with ListTagsForResource
// (the real SDK against the simulator). A refused tag read fails the shard and keeps what the names
// found; a parameter deleted between the list and its tag read is gone, not a failure; past the cap
// the rest are a warning, never "no credential there".
import type { SSMClient } from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../core/model.ts";
import type { AwsScanContext } from "../../../scanners/aws/declaration.ts";
import { ssmAiCredentials, TAG_READS_PER_SHARD } from "../../../scanners/aws/ssm-ai-credentials.ts";
import { scan } from "../../../scanners/index.ts";
import { DEFAULT_SETTINGS } from "../../../scanners/settings.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER } from "./fixture.ts";

const CANARY = "CANARY-ssm-tags-5d2c";

let sim: AwsSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function scanSsm(setup: (sim: AwsSimulator) => void = () => {}): Promise<Snapshot> {
  sim = await startAwsSimulator({
    callerAccount: CALLER,
    accounts: {
      [CALLER]: {
        regions: {
          "us-east-1": {
            parameters: [
              { name: "/ml/openai-key", value: CANARY },
              { name: "/svc/a", tags: { vendor: "Cohere" }, value: CANARY },
              { name: "/svc/b", tags: { team: "payments" }, value: CANARY },
            ],
          },
        },
      },
    },
  });
  setup(sim!);
  return scan(awsConfig({ accounts: [CALLER], regions: ["us-east-1"], services: ["ssm"] }), {
    deps: { aws: awsDeps(sim) },
  });
}

const names = (s: Snapshot) => s.assets.map((a) => `${a.name} ${a.attributes.matchedOn}`).sort();

describe("ssm ai-credential tags", () => {
  it("finds a parameter by its tags", async () => {
    const snapshot = await scanSsm();
    expect(snapshot.coverage).toMatchObject([{ service: "ssm", status: "ok" }]);
    expect(names(snapshot)).toEqual(["/ml/openai-key name", "/svc/a tags"]);
    expect(JSON.stringify(snapshot)).not.toContain("CANARY");
  });

  it("fails the shard when tag reads are denied, keeping the parameters named after a vendor", async () => {
    const snapshot = await scanSsm((s) =>
      s.controls.deny({ service: "ssm", operation: "ListTagsForResource" }),
    );
    expect(snapshot.coverage).toHaveLength(1);
    const [coverage] = snapshot.coverage;
    expect(coverage).toMatchObject({ service: "ssm", status: "error", assets: 1 });
    expect(coverage!.error).toMatch(/ListTagsForResource/);
    expect(coverage!.error).toMatch(/ssm:ListTagsForResource/);
    expect(coverage!.error).toMatch(/matched by name or description kept/);
    expect(names(snapshot)).toEqual(["/ml/openai-key name"]);
  });

  it("treats parameters deleted before their tag reads as gone", async () => {
    const snapshot = await scanSsm((s) =>
      s.controls.error({ service: "ssm", operation: "ListTagsForResource" }, "InvalidResourceId", ""),
    );
    expect(snapshot.coverage).toMatchObject([{ service: "ssm", status: "ok" }]);
    expect(snapshot.coverage[0]!.warnings).toBeUndefined();
    expect(sim!.requests.filter((r) => r.operation === "ListTagsForResource")).toHaveLength(2);
    expect(names(snapshot)).toEqual(["/ml/openai-key name"]);
  });

  it(`reads at most ${TAG_READS_PER_SHARD} parameters' tags and warns about the rest`, async () => {
    const asked: string[] = [];
    const ssm = {
      send: async (command: { input: { ResourceId: string } }) => {
        asked.push(command.input.ResourceId);
        return { TagList: command.input.ResourceId === "/p/0" ? [{ Key: "vendor", Value: "Groq" }] : [] };
      },
    } as unknown as SSMClient;
    const c = { settings: DEFAULT_SETTINGS, clients: { ssm: () => ssm } } as unknown as AwsScanContext;
    const params = Array.from({ length: TAG_READS_PER_SHARD + 7 }, (_, i) => ({ Name: `/p/${i}` }));
    const warnings: string[] = [];
    const found = await ssmAiCredentials.collect!(c, params, (w) => warnings.push(w));
    expect(asked).toHaveLength(TAG_READS_PER_SHARD);
    expect(found.map((p) => `${p.Name} ${p.match.vendor}`)).toEqual(["/p/0 Groq"]);
    expect(warnings).toEqual([expect.stringMatching(/^tags of 7 parameters not read/)]);
  });
});
