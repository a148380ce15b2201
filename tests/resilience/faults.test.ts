// The nightly job when clouds misbehave. In every case: the run completes or fails loudly,
// coverage names what was not scanned, nothing is reported missing that was not verified,
// nothing already stored is lost, and a re-run after the fault converges to the clean answer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DriftReport } from "../../core/model.ts";
import { policyVerdicts, verdicts, type World, world } from "./world.ts";

let w: World;
let clean: DriftReport;

beforeEach(async () => {
  w = await world();
  clean = (await w.night()).report;
});
afterEach(async () => {
  await w.close();
});

const failed = (r: DriftReport) =>
  r.coverage
    .filter((c) => c.status === "error")
    .map((c) => `${c.provider}/${c.account}/${c.region}/${c.service}`);
const missing = (r: DriftReport) => r.items.filter((i) => i.status === "missing" && i.delta !== "resolved");

/** The guarantees every case shares, checked after the faulty night and a clean re-run. */
async function expectSafe(faulty: DriftReport, notScanned: string[]) {
  expect(failed(faulty).sort()).toEqual([...failed(clean), ...notScanned].sort());
  // Nothing the clean night verified as present turns up missing because a scan failed.
  expect(missing(faulty).map((i) => i.assetId ?? i.systemId)).toEqual(
    missing(clean).map((i) => i.assetId ?? i.systemId),
  );
  // Whatever lived in a failed scope is unverified or carried, never resolved as gone.
  for (const item of faulty.items.filter((i) => i.delta === "resolved")) {
    const scope = item.asset
      ? `${item.asset.provider}/${item.asset.account}/${item.asset.region}/${item.asset.service}`
      : "";
    expect(notScanned).not.toContain(scope);
  }
  const firstId = (await w.store.listRuns(10)).at(-1)!.runId;
  expect(verdicts((await w.store.getReport(firstId))!)).toEqual(verdicts(clean));
  const rerun = (await w.night()).report;
  expect(verdicts(rerun)).toEqual(verdicts(clean));
  expect(policyVerdicts(rerun)).toEqual(policyVerdicts(clean));
}

describe("resilience", () => {
  it("survives 30% of AWS requests throttled: every asset found, nothing failed", async () => {
    w.estate.aws!.controls.throttleFraction({}, 0.3);
    const faulty = (await w.night({ attempts: 12 })).report;
    expect(w.estate.aws!.controls.throttled).toBeGreaterThan(10);
    expect(verdicts(faulty)).toEqual(verdicts(clean));
    w.estate.aws!.controls.clear();
    await expectSafe(faulty, []);
  });

  it("keeps an account whose AssumeRole is denied as failed coverage, its declarations unverified", async () => {
    w.estate.aws!.scenario.accounts["222222222222"]!.assumeRole = { denied: true };
    const faulty = (await w.night()).report;
    const scopes = [
      "sagemaker",
      "bedrock",
      "bedrock-agentcore",
      "cloudwatch",
      "secretsmanager",
      "ssm",
      "iam",
    ].flatMap((s) =>
      s === "iam"
        ? ["aws/222222222222/global/iam"]
        : ["us-east-1", "eu-west-1"].map((r) => `aws/222222222222/${r}/${s}`),
    );
    // Declarations short of assets are unverified; last night's matches are carried, not dropped.
    const growth = faulty.items.filter((i) => i.systemId === "growth-ml");
    expect(growth.filter((i) => i.status === "unverified").length).toBeGreaterThan(0);
    for (const i of growth.filter((i) => i.status !== "unverified")) {
      expect(i).toMatchObject({ status: "matched", delta: "ongoing" });
      expect(i.reason).toMatch(/^not rescanned/);
    }
    w.estate.aws!.controls.clear();
    w.estate.aws!.scenario.accounts["222222222222"]!.assumeRole = {};
    await expectSafe(faulty, scopes);
  });

  it("times out a hanging region and reports it, without waiting for it", async () => {
    w.estate.aws!.controls.slow({ region: "eu-west-1", service: "sagemaker" }, 120_000);
    // Long enough for every healthy shard on a busy 2-core machine, far shorter than the hang.
    const faulty = (await w.night({ shardTimeoutSeconds: 25 })).report;
    const timedOut = faulty.coverage.filter(
      (c) => c.region === "eu-west-1" && c.service === "sagemaker" && c.account !== "333333333333",
    );
    expect(timedOut.map((c) => [c.status, c.error])).toEqual([
      ["error", "timed out after 25000 ms"],
      ["error", "timed out after 25000 ms"],
    ]);
    const recsys = faulty.items.filter(
      (i) => i.assetId === "arn:aws:sagemaker:eu-west-1:222222222222:endpoint/recsys",
    );
    expect(recsys.map((i) => i.status).sort()).toEqual(["matched", "unverified"]);
    w.estate.aws!.controls.clear();
    await expectSafe(
      faulty,
      ["111111111111", "222222222222"].map((a) => `aws/${a}/eu-west-1/sagemaker`),
    );
  });

  it("fails a shard that answers malformed bodies instead of reading it as empty", async () => {
    w.estate.aws!.controls.malformed({ account: "111111111111", region: "us-east-1", service: "bedrock" });
    const faulty = (await w.night({ attempts: 2 })).report;
    w.estate.aws!.controls.clear();
    // Marketplace endpoints (sagemaker shard) are listed through Bedrock, so that shard fails too.
    await expectSafe(faulty, ["aws/111111111111/us-east-1/bedrock", "aws/111111111111/us-east-1/sagemaker"]);
  });

  it("rides out bursts of 5xx with retries", async () => {
    w.estate.aws!.controls.fail({ service: "sagemaker" }, 503, 6);
    w.estate.aws!.controls.fail({ service: "bedrock" }, 500, 6);
    const faulty = (await w.night({ attempts: 8 })).report;
    expect(verdicts(faulty)).toEqual(verdicts(clean));
    w.estate.aws!.controls.clear();
    await expectSafe(faulty, []);
  });

  it("keeps Azure and GCP failures scoped to their subscription and location", async () => {
    w.estate.azure!.deny("0b1f6471-1bf0-4dda-aec3-cb9272f09590");
    w.estate.gcp!.deny("acme-ml", "us-central1");
    const faulty = (await w.night({ attempts: 2 })).report;
    expect(faulty.items.filter((i) => i.systemId === "demand-forecast" && i.status === "missing")).toEqual(
      [],
    );
    w.estate.azure!.clearFaults();
    w.estate.gcp!.clearFaults();
    await expectSafe(faulty, [
      // A denied subscription fails each of its shards: resources, usage metrics, Key Vault and Azure ML.
      "azure/0b1f6471-1bf0-4dda-aec3-cb9272f09590/global/cognitiveservices",
      "azure/0b1f6471-1bf0-4dda-aec3-cb9272f09590/global/insights",
      "azure/0b1f6471-1bf0-4dda-aec3-cb9272f09590/global/keyvault",
      "azure/0b1f6471-1bf0-4dda-aec3-cb9272f09590/global/machinelearningservices",
      "gcp/acme-ml/us-central1/vertexai",
    ]);
  });

  it("fails the run loudly when DynamoDB writes fail mid-run, loses nothing stored, and converges on re-run", async () => {
    await w.changeEstate();
    const baseline = await world();
    try {
      await baseline.night();
      await baseline.changeEstate();
      const unbroken = (await baseline.night({ runId: "night-2" })).report;

      w.failWritesAfter(1);
      await expect(w.night({ runId: "night-2" })).rejects.toThrow(/injected DynamoDB failure/);
      const runs = await w.store.listRuns(10);
      expect(runs.find((r) => r.runId === "night-2")?.status).toBe("failed");
      expect(runs.filter((r) => r.status === "completed")).toHaveLength(1);
      expect(verdicts((await w.store.getReport("latest"))!)).toEqual(verdicts(clean));

      w.failWritesAfter(undefined);
      const retried = (await w.night({ runId: "night-2" })).report;
      expect(verdicts(retried)).toEqual(verdicts(unbroken));
      expect(retried.items.map((i) => `${i.delta} ${i.status} ${i.assetId}`).sort()).toEqual(
        unbroken.items.map((i) => `${i.delta} ${i.status} ${i.assetId}`).sort(),
      );
    } finally {
      await baseline.close();
    }
  });
});
