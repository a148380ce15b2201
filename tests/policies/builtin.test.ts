import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { takeExitCode } from "../../cli/action.ts";
import { builtinFixtureDir, register } from "../../cli/commands/policies.ts";
import { BUILTIN_PACKS } from "../../core/policy/builtin-packs.ts";
import { loadPolicies } from "../../core/policy/index.ts";
import { runPolicyTests } from "../../core/policy/testing.ts";

const root = join(import.meta.dirname, "..", "..");

describe("built-in policy packs", () => {
  it("embeds exactly the YAML files of policies/ (re-run `npx tsx policies/generate.ts` after editing)", () => {
    const files = readdirSync(join(root, "policies")).filter((f) => f.endsWith(".yaml"));
    expect(Object.keys(BUILTIN_PACKS).sort()).toEqual(files.map((f) => `policies/${f}`).sort());
    for (const f of files)
      expect(BUILTIN_PACKS[`policies/${f}`], f).toBe(readFileSync(join(root, "policies", f), "utf8"));
  });

  it("passes every built-in fixture", () => {
    const report = runPolicyTests(join(root, "policies", "tests"));
    const failures = report.outcomes
      .filter((o) => !o.ok)
      .map((o) => `${o.file}:${o.line} ${o.policyId}: ${o.name}: got ${o.actual}`);
    expect(failures).toEqual([]);
    expect(report.outcomes.length).toBeGreaterThan(0);
  });

  it("has a passing and a failing fixture for every built-in check, in a file named after it", () => {
    const report = runPolicyTests(join(root, "policies", "tests"));
    expect(report.uncovered).toEqual([]);
    const fixtures = readdirSync(join(root, "policies", "tests"));
    for (const p of loadPolicies(["builtin"]).policies) expect(fixtures, p.id).toContain(`${p.id}.test.yaml`);
  });
});

describe("aimscan policies test", () => {
  const out: string[] = [];
  afterEach(() => {
    out.length = 0;
    vi.restoreAllMocks();
  });
  async function cli(...args: string[]): Promise<number> {
    const capture = (s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    };
    vi.spyOn(process.stdout, "write").mockImplementation(capture);
    vi.spyOn(process.stderr, "write").mockImplementation(capture);
    const program = new Command("aimscan").exitOverride();
    register(program);
    await program.parseAsync(args, { from: "user" });
    return takeExitCode();
  }

  it("finds the built-in fixtures by default and exits 0", async () => {
    expect(builtinFixtureDir()).toBe(join(root, "policies", "tests"));
    expect(await cli("policies", "test")).toBe(0);
    expect(out.join("")).toMatch(
      /^PASS: (\d+)\/\1 expectations; (\d+)\/\2 policies have a passing and a failing fixture/,
    );
  });

  it("exits 1 and names the case when an expectation fails", async () => {
    const code = await cli("policies", "test", join(import.meta.dirname, "fixtures", "failing"));
    expect(code).toBe(1);
    expect(out.join("")).toMatch(
      /FAIL .*custom-tag-owner\.test\.yaml:\d+: custom-tag-owner: expects a failure that does not happen\n\s+expected fail, got pass/,
    );
  });

  it("loads packs kept beside the fixtures and reports their coverage only", async () => {
    expect(await cli("policies", "test", join(import.meta.dirname, "fixtures", "passing"))).toBe(0);
    expect(out.join("")).toMatch(/PASS: 2\/2 expectations; 1\/1 policies/);
  });

  it("exits 2 on a fixture that names an unknown policy", async () => {
    expect(await cli("policies", "test", join(import.meta.dirname, "fixtures", "unknown"))).toBe(2);
    expect(out.join("")).toMatch(/unknown\.test\.yaml:5:\d+: no loaded policy has id "nope"/);
  });
});
