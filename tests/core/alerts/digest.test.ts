import { describe, expect, it } from "vitest";
import { buildDigest, formatDigest } from "../../../core/alerts/index.ts";
import { emptyReport, failure, item, undeclared } from "./fixtures.ts";

const base = {
  runId: "run-2",
  report: emptyReport("run-2"),
  newItems: [],
  resolvedItems: [],
  newPolicyFailures: [],
};

describe("buildDigest", () => {
  it("alerts on new undeclared, ambiguous and missing items but not on unverified, changed or matched", () => {
    const d = buildDigest({
      ...base,
      newItems: [
        undeclared("shadow"),
        item("ambiguous", "arn:aws:sagemaker:us-east-1:111122223333:endpoint/shared"),
        item("missing", "arn:aws:sagemaker:us-east-1:111122223333:endpoint/gone"),
        item("unverified", "arn:aws:sagemaker:us-east-1:111122223333:endpoint/unknown"),
        item("changed", "arn:aws:sagemaker:us-east-1:111122223333:endpoint/tweaked"),
        item("matched", "arn:aws:sagemaker:us-east-1:111122223333:endpoint/fine"),
      ],
    });
    expect(d.new.map((e) => e.kind)).toEqual(["undeclared", "ambiguous", "missing"]);
    expect(d.counts).toMatchObject({ new: 3, undeclared: 1, ambiguous: 1, missing: 1, policy: 0 });
    expect(d.severity).toBe("high");
    expect(d.kinds).toEqual(["ambiguous", "missing", "undeclared"]);
  });

  it("alerts only on newly failing high and critical policies", () => {
    const d = buildDigest({
      ...base,
      newPolicyFailures: [
        failure("p-critical", "critical"),
        failure("p-high", "high"),
        failure("p-medium", "medium"),
        failure("p-error", "high", "error"),
      ],
    });
    expect(d.new.map((e) => e.policyId)).toEqual(["p-critical", "p-high"]);
    expect(d.severity).toBe("critical");
  });

  it("gives each policy entry its controls, remediation and the asset's system, owner and risk", () => {
    const finding = {
      ...failure("p-high", "high"),
      remediation: "Turn on invocation logging.",
      systemId: "undeclared",
      owner: "undeclared",
      riskLevel: "undeclared",
    };
    const d = buildDigest({ ...base, newPolicyFailures: [finding] });
    expect(d.new[0]).toMatchObject({
      controls: ["ISO42001:A.6.2.8"],
      remediation: "Turn on invocation logging.",
      systemId: "undeclared",
      owner: "undeclared",
      riskLevel: "undeclared",
    });
    expect(formatDigest(d)).toContain(
      "logging is off [system undeclared, owner undeclared, risk undeclared] — fix: Turn on invocation logging.",
    );
  });

  it("ignores items the caller passes as ongoing (no nightly re-alerting)", () => {
    const d = buildDigest({ ...base, newItems: [undeclared("old", "ongoing")] });
    expect(d.empty).toBe(true);
  });

  it("reports resolutions of alertable items, at severity info when nothing is new", () => {
    const d = buildDigest({
      ...base,
      resolvedItems: [undeclared("removed", "resolved"), item("unverified", "x", "resolved")],
      resolvedPolicyFailures: [failure("p-high", "high")],
    });
    expect(d.empty).toBe(false);
    expect(d.resolved).toHaveLength(2);
    expect(d.severity).toBe("info");
    expect(d.kinds).toEqual(["resolved"]);
  });

  it("is empty when nothing is new or resolved", () => {
    expect(buildDigest(base)).toMatchObject({ empty: true, new: [], resolved: [], severity: "info" });
  });
});

describe("formatDigest", () => {
  it("lists new and resolved items and the report link", () => {
    const text = formatDigest(
      buildDigest({
        ...base,
        newItems: [undeclared("shadow")],
        resolvedItems: [undeclared("removed", "resolved")],
        reportUrl: "https://r.example/run-2",
      }),
    );
    expect(text).toBe(
      [
        "Run run-2: new: 1 undeclared; 1 resolved (severity high); 0 policy results failing",
        '  NEW       undeclared: aws sagemaker endpoint "shadow" in 111122223333/us-east-1 (arn:aws:sagemaker:us-east-1:111122223333:endpoint/shadow)',
        '  RESOLVED  undeclared: aws sagemaker endpoint "removed" in 111122223333/us-east-1 (arn:aws:sagemaker:us-east-1:111122223333:endpoint/removed)',
        "Report: https://r.example/run-2",
        "",
      ].join("\n"),
    );
  });

  it("counts a new changed item in the title although it does not alert, never '0 new'", () => {
    const resolved = Array.from({ length: 9 }, (_, i) => undeclared(`gone-${i}`, "resolved"));
    const d = buildDigest({
      ...base,
      newItems: [item("changed", "arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud")],
      resolvedItems: resolved,
    });
    expect(d.new).toEqual([]);
    expect(d.counts.changed).toBe(1);
    expect(formatDigest(d).split("\n")[0]).toBe(
      "Run run-2: new: 1 changed; 9 resolved (severity info); 0 policy results failing",
    );
    const quiet = buildDigest({ ...base, resolvedItems: resolved });
    expect(formatDigest(quiet).split("\n")[0]).toMatch(/^Run run-2: nothing new; 9 resolved/);
  });

  it("says plainly that nothing would be sent, and never prints terminal control characters", () => {
    expect(formatDigest(buildDigest(base))).toContain("no alerts");
    expect(formatDigest(buildDigest({ ...base, newItems: [undeclared("evil\u001b[31mred")] }))).not.toContain(
      "\u001b",
    );
  });
});
