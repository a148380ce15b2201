import { describe, expect, it } from "vitest";
import { assetContext } from "../../../core/evidence/context.ts";
import { assetsCsv, csvCell, driftCsv, policiesCsv, toCsv } from "../../../core/evidence/csv.ts";
import { FORMULA_NAME, sampleAssets, sampleInventory, sampleReport } from "./fixtures.ts";

describe("csvCell", () => {
  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])("defuses a cell starting a formula: %j", (v) => {
    expect(csvCell(v).replace(/^"/, "").startsWith("'")).toBe(true);
  });

  it("leaves ordinary text alone and quotes separators", () => {
    expect(csvCell("fraud-scorer")).toBe("fraud-scorer");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(3)).toBe("3");
  });
});

describe("toCsv", () => {
  it("writes every cell as csvCell does, in columns that repeat a few values and columns that never do", () => {
    const values = ["=cmd()", 'say "hi"', "a,b", "line\nbreak", "plain", "+1", "@x", ""];
    const rows = Array.from({ length: 3000 }, (_, i) => [
      values[i % values.length],
      `unique-${i}${i % 13 === 0 ? ",comma" : ""}`,
      i % 7 === 0 ? undefined : i,
      { b: i % 3, a: "x" },
      i < 1500 ? values[(i * 5) % values.length] : `late-${i}`,
    ]);
    rows.push([], ["wider", "than", "the", "header", "row", "is"]);
    const header = ["repeats", "unique", "number", "object", "changes"];
    const want = [header, ...rows].map((r) => `${r.map(csvCell).join(",")}\r\n`).join("");
    expect(toCsv(header, rows)).toBe(want);
  });
});

describe("CSV files", () => {
  const report = sampleReport();
  const ctx = assetContext(report, sampleInventory());

  it("write one asset per row with its drift status, system and owner", () => {
    const lines = assetsCsv(sampleAssets(), ctx).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,provider,service,kind,account,region,name,createdAt,status,system,owner,tags,attributes",
    );
    expect(lines).toHaveLength(sampleAssets().length + 1);
    expect(lines.find((l) => l.includes("endpoint/fraud-scorer"))).toContain(
      "matched,fraud-scoring,risk-platform@example.com,team=risk",
    );
  });

  it("never lets a cloud-supplied name reach a spreadsheet as a formula", () => {
    const assets = sampleAssets().map((a, i) =>
      i === 0 ? { ...a, name: FORMULA_NAME, createdAt: "-1" } : a,
    );
    const csv = assetsCsv(assets, ctx);
    expect(csv).toContain(`,"'${FORMULA_NAME.replaceAll('"', '""')}",'-1,`);
    // No cell (quoted or not) starts with a formula character.
    expect(csv).not.toMatch(/(^|,|\r\n)"?[=+\-@]/);
  });

  it("write drift items with delta and declared source, and policy results with controls", () => {
    const drift = driftCsv(report.items);
    expect(drift).toContain("missing,new,,fraud-scoring,,,,,,,,inventory/fraud.yaml:12,,0,1,");
    expect(drift.split("\r\n")[0]).toBe(
      "status,delta,assetId,systemId,systems,provider,service,kind,account,region,name,source,diffs,found,minCount,reason",
    );
    const policies = policiesCsv(report.policyResults);
    expect(policies).toContain("aws-sagemaker-notebook-root-access-disabled");
    expect(policies).toContain("ISO42001:A.6.2.5;ISO42001:A.4.5");
    expect(policies).toContain("lab,ciso@example.com,2026-12-31");
  });
});
