// One GCP shard lists several kinds (the vertexai shard: models, endpoints, tuning jobs, reasoning
// engines, feature online stores, index endpoints). Each kind's list settles on its own, so that:
// - a feature Google does not offer in the location is that kind "not offered" there (left out of
//   the coverage's `kinds`, so its declared assets are unverified, never missing) and the other
//   kinds are still read. Google answers it as FAILED_PRECONDITION (HTTP 400) "ReasoningEngine
//   service is not available in region: europe-central2." (seen in the wild, e.g.
//   GoogleCloudPlatform/agent-starter-pack#252), or UNIMPLEMENTED (HTTP 501);
// - any other failure fails the shard (coverage `error`), keeping the kinds listed to the end
//   (ShardPartlyFailed), so one failing list never hides the rest, and never reads as "no assets".
import type { Asset } from "../../core/model.ts";
import { describeError, type ShardOutcome, ShardPartlyFailed } from "../engine.ts";
import { failedKindsMessage } from "../failed-kinds.ts";
import { GoogleCallError } from "./errors.ts";

export interface KindList {
  kind: string;
  list: () => Promise<Asset[]>;
}

/** Google's own words for a feature not served in a location (FAILED_PRECONDITION). */
const NOT_IN_LOCATION = /\bnot (?:available|supported|offered|enabled) in (?:the )?(?:region|location)\b/i;

export function notOfferedHere(e: unknown): boolean {
  if (!(e instanceof GoogleCallError)) return false;
  if (e.name === "UNIMPLEMENTED" || e.httpStatus === 501) return true;
  return e.name === "FAILED_PRECONDITION" && NOT_IN_LOCATION.test(e.message);
}

export async function settleKinds(lists: readonly KindList[]): Promise<ShardOutcome> {
  const results = await Promise.allSettled(lists.map((l) => l.list()));
  const assets: Asset[] = [];
  const kinds: string[] = [];
  const failed: { kind: string; reason: unknown }[] = [];
  results.forEach((r, i) => {
    const { kind } = lists[i]!;
    if (r.status === "fulfilled") {
      assets.push(...r.value);
      kinds.push(kind);
    } else if (!notOfferedHere(r.reason)) failed.push({ kind, reason: r.reason });
  });
  if (failed.length === 0) return { assets, kinds };
  // Every list failed (a denied location, the API disabled in the project: ShardSkipped): the
  // shard fails, or is skipped, on its first list's own error.
  if (failed.length === lists.length) throw failed[0]!.reason;
  const described = failed.map((f) => ({ label: f.kind, why: describeError(f.reason) }));
  throw new ShardPartlyFailed(failedKindsMessage(described), assets);
}
