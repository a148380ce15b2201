import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

describe("aimscan usage errors", () => {
  it("are one line on stderr, exit 2, nothing on stdout", async () => {
    for (const args of [
      ["reconcile", "--inventory", "x.yaml"],
      ["bogus"],
      ["schema", "nope"],
      ["reconcile", "--inventory", "x", "--snapshot", "y", "--format", "xml"],
      // Every --format refuses a value it does not know, rather than printing something else.
      ["run", "--format", "markdown"],
      ["history", "--format", "markdown"],
      ["policies", "list", "--format", "xml"],
      ["evidence", "verify", "aimscan-out", "--format", "xml"],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("describes --format with the values it accepts", async () => {
    for (const [args, values] of [
      [["reconcile"], "table | json | markdown"],
      [["report"], "table | json | markdown"],
      [["run"], "table | json (default"],
      [["history"], "table | json (default"],
      [["policies", "list"], "table | json (default"],
      [["evidence", "verify"], "text | json"],
    ] as const) {
      const r = await runCli([...args, "--help"]);
      expect(r.stdout.replace(/\s+/g, " ")).toContain(values);
    }
  });

  it("prints help on stdout with exit 0", async () => {
    const r = await runCli(["reconcile", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--fail-on");
  });
});

describe("aimscan scan with no cloud configured", () => {
  it("says there is nothing to scan instead of printing an empty snapshot silently", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-noclouds-"));
    const config = join(dir, "c.yaml");
    writeFileSync(config, "store: { type: memory }\n");
    const r = await runCli(["scan", "--config", config]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).coverage).toEqual([]);
    expect(r.stderr).toBe(`note: ${config} has no aws, azure or gcp section: nothing to scan\n`);
  });
});
