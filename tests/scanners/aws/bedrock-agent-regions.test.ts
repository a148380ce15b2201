// Bedrock Agent runs in fewer regions than Bedrock: where its host does not exist, the real client's
// call ends in DNS ENOTFOUND. The simulator is one endpoint, so the missing host is made real here by
// pointing the standard AWS_ENDPOINT_URL_BEDROCK_AGENT at a name under .invalid (never resolvable).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, countKinds, fullRegion } from "./fixture.ts";

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator({
    callerAccount: CALLER,
    accounts: {
      [CALLER]: { regions: { "us-west-1": fullRegion("usw1", 2), "us-east-1": fullRegion("use1", 2) } },
    },
  });
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => sim.stop());

/** Every AWS client goes to the simulator except Bedrock Agent, whose host does not exist. */
function agentHostMissing() {
  vi.stubEnv("AWS_ENDPOINT_URL", sim.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_BEDROCK_AGENT", "http://bedrock-agent.aimscan-test.invalid");
  const { endpoint: _endpoint, ...deps } = awsDeps(sim);
  return deps;
}

describe("Bedrock Agent outside its regions", () => {
  it("reads a missing Bedrock Agent host in us-west-1 as no agents and no knowledge bases, the shard ok", async () => {
    const snapshot = await scan(awsConfig({ regions: ["us-west-1"], services: ["bedrock"] }), {
      deps: { aws: agentHostMissing() },
    });
    expect(snapshot.coverage).toEqual([
      expect.objectContaining({ region: "us-west-1", service: "bedrock", status: "ok" }),
    ]);
    const kinds = countKinds(snapshot.assets);
    expect(kinds).toMatchObject({ "custom-model": 2, guardrail: 2, "provisioned-throughput": 2 });
    expect(kinds.agent).toBeUndefined();
    expect(kinds["knowledge-base"]).toBeUndefined();
  });

  it("fails the shard when the host is missing where Bedrock Agent is documented to run", async () => {
    const snapshot = await scan(awsConfig({ regions: ["us-east-1"], services: ["bedrock"] }), {
      deps: { aws: agentHostMissing() },
    });
    expect(snapshot.coverage).toEqual([
      expect.objectContaining({ region: "us-east-1", service: "bedrock", status: "error" }),
    ]);
    expect(snapshot.coverage[0]!.error).toMatch(/^agent: ListAgents: .*ENOTFOUND/);
    // The kinds Bedrock itself listed completely are kept; nothing of Bedrock Agent's is invented.
    const kinds = new Set(snapshot.assets.map((a) => a.kind));
    expect(kinds.has("custom-model")).toBe(true);
    expect(kinds.has("agent") || kinds.has("knowledge-base")).toBe(false);
  });
});
