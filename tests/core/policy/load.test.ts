import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../../../core/policy/index.ts";
import { InputError } from "../../../core/yamlfile.ts";

function pack(text: string, name = "pack.yaml"): string {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-policy-"));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

function loadError(text: string): string {
  try {
    loadPolicies([pack(text)]);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

const head = "version: 1\npolicies:\n  - id: p1\n    title: t\n    severity: high\n";

describe("loadPolicies", () => {
  it("loads the built-in packs from code, with at least 25 checks mapped to ISO/IEC 42001", () => {
    const set = loadPolicies(["builtin"]);
    expect(set.files).toEqual([
      "policies/aws.yaml",
      "policies/azure.yaml",
      "policies/gcp.yaml",
      "policies/governance.yaml",
      "policies/kinds.yaml",
      "policies/usage.yaml",
    ]);
    expect(set.policies.length).toBeGreaterThanOrEqual(25);
    for (const p of set.policies) {
      expect(p.controls.length, p.id).toBeGreaterThan(0);
      for (const c of p.controls) expect(c, p.id).toMatch(/^ISO42001:A\.\d+(\.\d+)+$/);
      expect(p.remediation, p.id).toBeTruthy();
    }
  });

  it("points a syntax error at the file, line and column inside a plain scalar", () => {
    const msg = loadError(`${head}    assert: asset.kind == \n`);
    expect(msg).toMatch(/pack\.yaml:6:\d+: policy p1: /);
    const col = Number(msg.split(":")[2]);
    expect(col).toBeGreaterThan("    assert: asset.kind ==".length);
  });

  it("points a type error at the offending token inside a folded block scalar", () => {
    const msg = loadError(
      `${head}    assert: >-\n      asset.kind == "endpoint" &&\n      asset.nmae == "x"\n`,
    );
    expect(msg).toMatch(/pack\.yaml:8:13: policy p1: No such key: nmae/);
  });

  it("points at the column inside a double-quoted scalar", () => {
    const msg = loadError(`${head}    assert: "asset.id + 1 == 2"\n`);
    expect(msg).toMatch(/pack\.yaml:6:14: policy p1: no such overload/);
  });

  it("rejects an unknown system field at load, although system is dynamic", () => {
    expect(loadError(`${head}    assert: system != null && system.ownr != null\n`)).toMatch(
      /pack\.yaml:6:\d+: policy p1: system has no field "ownr"/,
    );
  });

  it("rejects an expression that is not a bool", () => {
    expect(loadError(`${head}    assert: asset.name\n`)).toMatch(
      /policy p1: expression must be a bool, not string/,
    );
  });

  it("checks the when expression too", () => {
    expect(loadError(`${head}    when: undefinedVar\n    assert: "true"\n`)).toMatch(
      /pack\.yaml:6:11: policy p1: /,
    );
  });

  it("rejects a duplicate policy id, naming the first declaration", () => {
    const msg = loadError(
      `${head}    assert: "true"\n  - id: p1\n    title: again\n    severity: low\n    assert: "true"\n`,
    );
    expect(msg).toMatch(/pack\.yaml:7:9: policy p1: id already used at .*pack\.yaml:3:9/);
  });

  it("reports schema problems with their position", () => {
    expect(loadError(`${head}    assert: "true"\n    severity: extreme\n`)).toMatch(/pack\.yaml:\d+:\d+: /);
    expect(
      loadError(
        "version: 1\npolicies:\n  - id: Bad_Id\n    title: t\n    severity: low\n    assert: 'true'\n",
      ),
    ).toMatch(/pack\.yaml:3:9: id: policy ids are lower-case/);
  });

  it("rejects a waiver whose expiry is not a date", () => {
    const text = `${head}    assert: "true"\nwaivers:\n  - { policy: p1, asset: "*", reason: r, approvedBy: me, expires: 2026-13-45 }\n`;
    expect(loadError(text)).toMatch(/pack\.yaml:8:\d+: expires: not a date/);
  });

  it("loads a folder, skipping test fixtures kept beside the packs", () => {
    const file = pack(`${head}    assert: "true"\n`);
    writeFileSync(join(file, "..", "p1.test.yaml"), "not: a pack\n");
    const set = loadPolicies(["builtin", join(file, "..")]);
    expect(set.policies.map((p) => p.id)).toContain("p1");
  });

  it("names a missing pack", () => {
    expect(() => loadPolicies(["./no/such/folder"], { baseDir: tmpdir() })).toThrow(/policy pack not found/);
  });
});
