// What the layout and depth tests compare between two stores: every answer a reader can get
// through the public Store interface, and one night completed on either.
import { readFileSync } from "node:fs";
import type { DriftItem } from "../../../core/model.ts";
import { asset, night, nightlyEstate } from "./fixtures.ts";
import type { Harness } from "./harness.ts";

/** nightlyEstate's assets whose histories are asked (present, vanished, changed). */
export const HISTORY_ASSETS = ["ep-00", "ep-03", "ep-56", "ep-57", "ep-58"].map(
  (name) => asset(name, Number(name.slice(3)) % 2 ? "eu-west-1" : "us-east-1").id,
);
const STATUSES: DriftItem["status"][] = ["undeclared", "missing", "matched"];

/** Starts and completes night `n` with `estate`. */
export async function completeNight(target: Harness, n: number, estate = nightlyEstate(n)) {
  await target.store.startRun(night(n));
  return target.store.completeRun(night(n).runId, { ...estate.report, runId: night(n).runId }, estate.assets);
}

/**
 * Everything a reader can ask of the store about `runs`, as JSON would carry it. `assetsAsSet`:
 * assetsAt sorted by id (it lists in chunk order, which a change of depth changes).
 */
export async function answers(
  target: Harness,
  runs: number[],
  options: { assetsAsSet?: boolean; assets?: string[] } = {},
) {
  const out: Record<string, unknown> = {};
  for (const n of runs) {
    out[`report ${n}`] = await target.store.getReport(night(n).runId);
    const assets = await target.store.assetsAt(night(n).runId);
    out[`assets ${n}`] = options.assetsAsSet ? assets?.sort((a, b) => (a.id < b.id ? -1 : 1)) : assets;
    out[`run ${n}`] = await target.store.getRun(night(n).runId);
  }
  for (const id of options.assets ?? HISTORY_ASSETS)
    out[`history ${id}`] = await target.store.assetHistory(id);
  for (const s of STATUSES) out[`open ${s}`] = await target.store.openDrift(s);
  out.latest = await target.store.getReport("latest");
  return JSON.parse(JSON.stringify(out));
}

/** A store's items dumped as JSON, binary attributes as `{ $b64 }` (the layout fixtures). */
export function fixtureItems(file: URL): Array<Record<string, unknown>> {
  return JSON.parse(readFileSync(file, "utf8"), (_k, v) =>
    v !== null && typeof v === "object" && typeof v.$b64 === "string"
      ? new Uint8Array(Buffer.from(v.$b64, "base64"))
      : v,
  );
}
