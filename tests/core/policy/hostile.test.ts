// Inputs another team would write by mistake: each must be one located line (InputError, exit 2).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../../../core/policy/index.ts";
import { runPolicyTests } from "../../../core/policy/testing.ts";
import { InputError } from "../../../core/yamlfile.ts";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-hostile-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

const policy = (assert: string) =>
  [
    "version: 1",
    "policies:",
    "  - id: team-owner",
    "    title: t",
    "    severity: high",
    '    controls: ["ISO42001:A.3.2"]',
    "    resource: { provider: aws }",
    `    assert: '${assert}'`,
    "",
  ].join("\n");

describe("system field typos are caught at load in every spelling", () => {
  for (const expr of [
    'system["ownr"] != null',
    "systems[0].ownr != null",
    'systems.all(s, s.ownr != "")',
    'systems.exists(x, x["ownr"] == "a")',
  ]) {
    it(expr, () => {
      const dir = folder({ "p.yaml": policy(expr) });
      const msg = inputError(() => loadPolicies([dir]));
      expect(msg).toMatch(/p\.yaml:8:\d+: policy team-owner: system has no field "ownr"/);
      expect(msg.split("\n")).toHaveLength(1);
    });
  }

  it("still accepts the real fields through the same spellings", () => {
    const dir = folder({
      "p.yaml": policy('systems.all(s, s["owner"] != "") && systems.exists(x, x.riskLevel == "high")'),
    });
    expect(loadPolicies([dir]).policies).toHaveLength(1);
  });
});

describe("waiver expiry dates", () => {
  const waiver = (expires: string) =>
    `version: 1\npolicies: []\nwaivers:\n  - { policy: "aws-*", asset: "*", reason: r, approvedBy: me, expires: ${expires} }\n`;

  for (const bad of ["2026-02-30", "2026-13-01", "2026-04-31", "2026-00-10"]) {
    it(`refuses the impossible date ${bad}`, () => {
      const msg = inputError(() => loadPolicies([folder({ "w.yaml": waiver(bad) })]));
      expect(msg).toMatch(new RegExp(`w\\.yaml:4:\\d+: expires: not a date: ${bad}$`));
    });
  }

  it("accepts a leap day and a full timestamp", () => {
    const set = loadPolicies([folder({ "w.yaml": waiver("2028-02-29") })]);
    expect(set.waivers[0]!.until).toBe(Date.parse("2028-02-29T00:00:00Z"));
    const ts = loadPolicies([folder({ "w.yaml": waiver('"2027-01-01T12:00:00Z"') })]);
    expect(ts.waivers[0]!.until).toBe(Date.parse("2027-01-01T12:00:00Z"));
  });
});

describe("policy fixtures", () => {
  it("refuses a case whose now is not a date, pointing at it", () => {
    const dir = folder({
      "p.yaml": policy("system != null"),
      "team-owner.test.yaml":
        "version: 1\ncases:\n  - name: a\n    asset: { provider: aws, service: s, kind: k }\n    now: next tuesday\n    expect: fail\n",
    });
    const msg = inputError(() => runPolicyTests(dir, { refs: [] }));
    expect(msg).toMatch(/team-owner\.test\.yaml:5:10: now: must be an ISO date/);
  });
});
