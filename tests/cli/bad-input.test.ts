// Bad input anywhere: one line `file:line:col: message`, exit 2, nothing on stdout, nothing written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "aimscan-bad-"));

function expectBadInput(r: { code: number; stdout: string; stderr: string }, line: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(line);
}

describe("bad input", () => {
  it("refuses a snapshot that lists one asset id twice, naming both lines", async () => {
    const dir = tmp();
    const snap = JSON.parse(readFileSync("examples/snapshot.json", "utf8"));
    snap.assets.push({ ...snap.assets[0], name: "other" });
    writeFileSync(join(dir, "s.json"), JSON.stringify(snap, null, 1));
    const r = await runCli([
      "reconcile",
      "--inventory",
      "examples/inventory",
      "--snapshot",
      join(dir, "s.json"),
    ]);
    expectBadInput(
      r,
      /s\.json:\d+:\d+: assets\[6\]\.id: duplicate asset id "arn:.*fraud-scorer" \(also at line \d+\)$/,
    );
  });

  it("points at the config line when the inventory it names does not exist, before opening the store", async () => {
    const dir = tmp();
    const config = join(dir, "c.yaml");
    writeFileSync(config, "store: { type: embedded, path: ./db }\ninventory: ./nope\n");
    const r = await runCli(["run", "--config", config]);
    expectBadInput(r, /c\.yaml:2:12: inventory: .*nope not found$/);
    expect(existsSync(join(dir, "db"))).toBe(false);
  });

  it("points at the config line of a policy pack that does not exist", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "inv.yaml"), "version: 1\nsystems: []\n");
    const config = join(dir, "c.yaml");
    writeFileSync(config, "inventory: inv.yaml\npolicies: [builtin, ./mine]\nstore: { type: memory }\n");
    const r = await runCli(["run", "--config", config]);
    expectBadInput(r, /c\.yaml:2:21: policies\[1\]: .*mine not found$/);
  });

  it("refuses a config with an alias bomb without writing anything", async () => {
    const dir = tmp();
    const config = join(dir, "c.yaml");
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [i, name] of ["b", "c", "d", "e", "f"].entries()) {
      const prev = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    writeFileSync(config, `store: { type: embedded, path: ./db }\n${levels.join("\n")}\n`);
    const r = await runCli(["run", "--config", config]);
    expectBadInput(r, /c\.yaml:\d+:\d+: .*alias/i);
    expect(existsSync(join(dir, "db"))).toBe(false);
  });

  it("refuses a scan --out in a folder that does not exist, before scanning", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.yaml"), "store: { type: memory }\n");
    const r = await runCli(["scan", "--config", join(dir, "c.yaml"), "--out", join(dir, "no/such/s.json")]);
    expectBadInput(r, /^--out: folder .*no\/such does not exist$/);
  });
});
