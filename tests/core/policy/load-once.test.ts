// Policy files load once by real path: the README's `--policies builtin ./policies` (the built-in
// packs' own files), a folder given twice or through a symlink is not a duplicate policy; two
// different files declaring the same id still are.
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPolicies } from "../../../core/policy/index.ts";
import { runCli } from "../../cli/run-cli.ts";

const ROOT = join(import.meta.dirname, "../../..");
const builtinCount = loadPolicies(["builtin"]).policies.length;

describe("loading policy files once", () => {
  it("takes builtin plus the folder of its own files as the built-in packs once", () => {
    for (const refs of [
      ["builtin", join(ROOT, "policies")],
      [join(ROOT, "policies"), "builtin"],
    ]) {
      const set = loadPolicies(refs);
      expect(set.policies).toHaveLength(builtinCount);
      expect(new Set(set.policies.map((p) => p.id)).size).toBe(builtinCount);
    }
  });

  it("takes a folder given twice, or through a symlink, once", () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-once-"));
    cpSync(join(ROOT, "examples/demo/policies"), join(dir, "packs"), { recursive: true });
    symlinkSync(join(dir, "packs"), join(dir, "link"));
    const once = loadPolicies([join(dir, "packs")]);
    expect(once.waivers.length).toBeGreaterThan(0);
    const thrice = loadPolicies([join(dir, "packs"), join(dir, "link"), join(dir, "packs")]);
    expect(thrice.files).toEqual(once.files);
    expect(thrice.waivers).toHaveLength(once.waivers.length);
  });

  it("still refuses the same id in two different files", () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-once-"));
    const pack = (id: string) =>
      `version: 1\npolicies:\n  - id: ${id}\n    title: T\n    severity: low\n    controls: ["ISO42001:A.4.2"]\n    assert: "true"\n`;
    writeFileSync(join(dir, "a.yaml"), pack("same-id"));
    writeFileSync(join(dir, "b.yaml"), pack("same-id"));
    expect(() => loadPolicies([dir])).toThrow(
      /b\.yaml:3:\d+: policy same-id: id already used at .*a\.yaml:3/,
    );
  });

  it("runs the README's commands in the checkout: policies list and test of ./policies exit 0", async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const list = await runCli(["policies", "list", "--policies", "builtin", "./policies"]);
      expect(list.code, list.stderr).toBe(0);
      const test = await runCli(["policies", "test", "./policies"]);
      expect(test.code, test.stderr).toBe(0);
      expect(test.stdout).toMatch(/PASS: \d+\/\d+ expectations/);
    } finally {
      process.chdir(cwd);
    }
  });
});
