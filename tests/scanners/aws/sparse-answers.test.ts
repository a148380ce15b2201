// Every optional member absent: AWS omits members it has no value for (a model without tags, an
// endpoint without a config, a job not yet started…). Each answer of a whole-account scan is cut to
// its identifiers (members named …Arn, …Name, …Id) and its lists and structures, and every mapper
// must still produce its assets, with nulls, instead of crashing. Real SDK clients, simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../core/model.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, twoAccounts } from "./fixture.ts";

const ID = /(arn|name|id|identifier)$/i;

/** Keeps identifiers, lists and structures (recursively); drops every other member. */
function sparse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sparse);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v) || (v !== null && typeof v === "object")) out[k] = sparse(v);
    else if (ID.test(k)) out[k] = v;
  }
  return out;
}

let sim: AwsSimulator;
let whole: Snapshot;
let cut: Snapshot;
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(3), { pageSize: 100 });
  const cfg = awsConfig({ accounts: [CALLER], regions: ["us-east-1"] });
  whole = await scan(cfg, { deps: { aws: awsDeps(sim) } });
  sim.controls.rewrite({ account: CALLER }, (out, call) =>
    call.operation === "AssumeRole" || call.operation === "GetCallerIdentity" ? out : sparse(out),
  );
  cut = await scan(cfg, { deps: { aws: awsDeps(sim) } });
}, 120_000);
afterAll(() => sim.stop());

describe("AWS answers without their optional members", () => {
  it("scans every shard of the full answers first", () => {
    expect(whole.coverage.filter((c) => c.status !== "ok")).toEqual([]);
    expect(whole.assets.length).toBeGreaterThan(20);
  });

  it("crashes no mapper: every shard ok, every asset of the full scan still there", () => {
    const failed = cut.coverage.filter((c) => c.status !== "ok" || c.warnings);
    expect(failed.map((c) => `${c.service}: ${c.error ?? c.warning}`)).toEqual([]);
    expect(cut.assets.map((a) => a.id).sort()).toEqual(whole.assets.map((a) => a.id).sort());
  });

  it("did cut the answers: fewer attributes with a value than the full scan", () => {
    const values = (s: Snapshot) =>
      s.assets.flatMap((a) => Object.values(a.attributes)).filter((v) => v !== null && v !== false);
    expect(values(cut).length).toBeLessThan(values(whole).length * 0.75);
  });
});
