// Packed results (report format 2): what unpacks is what was packed, key order included, each
// result with arrays and objects of its own, and results that share a template cost one row.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PolicyResult } from "../../../core/model.ts";
import { packResults, repackResults, unpackResults } from "../../../core/store/packed-results.ts";

const result = (assetId: string, extra: Partial<PolicyResult> = {}): PolicyResult => ({
  policyId: "kms-required",
  assetId,
  status: "pass",
  severity: "high",
  controls: ["ISO42001:A.6.2.8"],
  ...extra,
});

describe("packed results", () => {
  it("unpacks what it packed, in order and with each result's keys in their order", () => {
    const list = [
      result("a"),
      result("b", { status: "fail", delta: "new", message: "no key for b" }),
      result("a", { policyId: "tags", waiver: { reason: "r", approvedBy: "x", expires: "2027-01-01" } }),
      {
        status: "error",
        assetId: "c",
        policyId: "p",
        severity: "low",
        controls: [],
        reason: "why",
      } as PolicyResult,
      result("b"),
    ];
    const back = unpackResults(JSON.parse(JSON.stringify(packResults(list))));
    expect(JSON.stringify(back)).toBe(JSON.stringify(list));
  });

  it("stores one template per kind of result and a row per result", () => {
    const list = Array.from({ length: 1000 }, (_, i) =>
      result(`asset-${i % 400}`, { status: i % 10 ? "pass" : "fail" }),
    );
    const packed = packResults(list);
    expect(packed.t).toHaveLength(2);
    expect(packed.a).toHaveLength(400);
    expect(packed.r).toHaveLength(2000);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(list).length / 5);
  });

  it("gives each result arrays and objects of its own", () => {
    const waiver = { reason: "r", approvedBy: "x", expires: "2027-01-01" };
    const back = unpackResults(packResults([result("a", { waiver }), result("b", { waiver })]));
    back[0]!.controls.push("changed");
    back[0]!.waiver!.reason = "changed";
    expect(back[1]!.controls).toEqual(["ISO42001:A.6.2.8"]);
    expect(back[1]!.waiver!.reason).toBe("r");
  });

  it("repacks changed templates as packing the changed results gives them, merging those that become one", () => {
    const list = [
      result("a", { status: "fail", delta: "new" }),
      result("b", { status: "fail", delta: "ongoing" }),
      result("c", { delta: "resolved", reason: "r" }),
      result("a"),
      result("d", { status: "fail", delta: "new" }),
    ];
    const later = (r: Record<string, unknown>) => {
      if (r.delta === "new") r.delta = "ongoing";
      else if (r.delta === "resolved") delete r.delta;
    };
    const expected = packResults(
      list.map((r) => {
        const copy = JSON.parse(JSON.stringify(r));
        later(copy);
        return copy;
      }),
    );
    const repacked = repackResults(packResults(list), later);
    expect(JSON.stringify(repacked)).toBe(JSON.stringify(expected));
    expect(repacked.t.length).toBeLessThan(packResults(list).t.length);
  });

  it("round-trips any list of results", () => {
    const text = fc.string({ maxLength: 6 });
    const arb = fc.record(
      {
        policyId: fc.constantFrom("p1", "p2", "\u00e9t\u00e9"),
        assetId: fc.constantFrom("a", "b", "c", ""),
        status: fc.constantFrom("pass", "fail", "error", "waived"),
        severity: fc.constantFrom("low", "high"),
        controls: fc.array(text, { maxLength: 2 }),
        message: text,
        delta: fc.constantFrom("new", "ongoing", "resolved"),
      },
      { requiredKeys: ["policyId", "assetId", "status", "severity", "controls"] },
    );
    fc.assert(
      fc.property(fc.array(arb as fc.Arbitrary<PolicyResult>, { maxLength: 30 }), (list) => {
        const back = unpackResults(JSON.parse(JSON.stringify(packResults(list))));
        expect(JSON.stringify(back)).toBe(JSON.stringify(list));
      }),
    );
  });
});
