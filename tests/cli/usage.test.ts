import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

describe("aimscan usage errors", () => {
  it("are one line on stderr, exit 2, nothing on stdout", async () => {
    for (const args of [
      ["reconcile", "--inventory", "x.yaml"],
      ["bogus"],
      ["schema", "nope"],
      ["reconcile", "--inventory", "x", "--snapshot", "y", "--format", "xml"],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("prints help on stdout with exit 0", async () => {
    const r = await runCli(["reconcile", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--fail-on");
  });
});
