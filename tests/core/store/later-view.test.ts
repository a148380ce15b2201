// laterView (what a later, unchanged night reports of a report chunk) is toLaterView of a parsed
// copy, JSON for JSON, and leaves the chunk it reads alone.
import { describe, expect, it } from "vitest";
import type { DriftItem, PolicyResult } from "../../../core/model.ts";
import { type BodyChunk, laterView, toLaterView } from "../../../core/store/report-body.ts";
import { asset, failing, matched, undeclared } from "./fixtures.ts";

const a = asset("ep-1");
const b = asset("ep-2");
const item = (i: DriftItem, delta: DriftItem["delta"]): DriftItem => ({ ...i, delta });
const result = (r: PolicyResult, delta?: PolicyResult["delta"]): PolicyResult =>
  delta === undefined ? r : { ...r, delta };

const chunks: BodyChunk[] = [
  {
    items: [item(matched(a), "ongoing")],
    policyResults: [result(failing(a, "p", "pass"))],
    resolvedPolicyResults: [],
  },
  {
    items: [item(undeclared(a), "new"), item(matched(b), "resolved"), item(matched(a), "ongoing")],
    policyResults: [
      result(failing(a), "new"),
      result(failing(b, "p", "pass"), "resolved"),
      result(failing(b), "ongoing"),
    ],
    resolvedPolicyResults: [result(failing(b, "q"), "resolved")],
  },
  { items: [], policyResults: [], resolvedPolicyResults: [result(failing(b, "q"), "resolved")] },
];

describe("laterView", () => {
  it("is toLaterView of a parsed copy, and changes nothing it reads", () => {
    for (const c of chunks) {
      const before = JSON.stringify(c);
      const parsed = JSON.parse(before) as BodyChunk;
      const changed = toLaterView(parsed);
      const later = laterView(c);
      expect(later !== undefined).toBe(changed);
      expect(JSON.stringify(later ?? c)).toBe(JSON.stringify(parsed));
      expect(JSON.stringify(c)).toBe(before);
    }
  });
});
