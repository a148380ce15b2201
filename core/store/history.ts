// The history of one asset, from the versions the `asset` index returns for it.
import type { Asset, DriftItem, PolicyResult } from "../model.ts";
import { runKey } from "./table.ts";
import type { AssetEvent, AssetHistory, RunRecord, RunRef } from "./types.ts";
import { committedRuns, parseBody, type VersionRecord } from "./versions.ts";

const refOf = (runId: string, key: string): RunRef => ({ runId, startedAt: key.split("#")[0]! });

/** Events oldest first; first seen / last changed / last seen from the asset's state versions. */
export function assetHistoryFrom(
  assetId: string,
  versions: VersionRecord[],
  runsNewestFirst: RunRecord[],
): AssetHistory {
  const committed = committedRuns(runsNewestFirst);
  const valid = versions.filter((v) => committed(v.openedRun));
  const isClosed = (v: VersionRecord) => v.closedRun !== undefined && committed(v.closedRun);

  const events: AssetEvent[] = [];
  for (const v of valid) {
    const detail = describe(v);
    events.push({ ...refOf(v.openedRun, v.openedKey), kind: v.kind, change: "opened", ...detail });
    if (isClosed(v))
      events.push({ ...refOf(v.closedRun!, v.closedKey!), kind: v.kind, change: "closed", ...detail });
  }
  // Within a run: closes before opens (a change reads "closed, opened"), then asset, drift, policy.
  const kindOrder = { asset: 0, drift: 1, policy: 2 };
  events.sort(
    (a, b) =>
      cmp(runKey(a), runKey(b)) ||
      (a.change === b.change ? 0 : a.change === "closed" ? -1 : 1) ||
      kindOrder[a.kind] - kindOrder[b.kind],
  );

  const states = valid.filter((v) => v.kind === "asset").sort((a, b) => cmp(a.openedKey, b.openedKey));
  const latest = states.at(-1);
  const history: AssetHistory = { assetId, present: latest !== undefined && !isClosed(latest), events };
  if (!latest) return history;
  history.asset = parseBody<Asset>(latest);
  history.firstSeen = refOf(latest.firstSeenRun, latest.firstSeenKey);
  history.lastChanged = refOf(latest.openedRun, latest.openedKey);
  if (history.present) {
    const newest = runsNewestFirst.find((r) => r.status === "completed");
    if (newest) history.lastSeen = { runId: newest.runId, startedAt: newest.startedAt };
  } else if (latest.lastSeenRun !== undefined) {
    const seen = runsNewestFirst.find((r) => r.runId === latest.lastSeenRun);
    if (seen) history.lastSeen = { runId: seen.runId, startedAt: seen.startedAt };
  }
  return history;
}

function describe(v: VersionRecord): Pick<AssetEvent, "status" | "policyId"> {
  if (v.kind === "drift") return { status: parseBody<DriftItem>(v).status };
  if (v.kind === "policy") {
    const r = parseBody<PolicyResult>(v);
    return { status: r.status, policyId: r.policyId };
  }
  return {};
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
