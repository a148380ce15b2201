// The store commands on a fresh folder, and an embedded store path that cannot be opened: one clear
// line and an exit code, never a stack trace or an empty stdout where JSON was asked for.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../../core/store/index.ts";
import { InputError } from "../../../core/yamlfile.ts";
import { runCli } from "../../cli/run-cli.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "aimscan-empty-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI as users run it (tests/cli/run-cli.ts), with this test's config. */
async function cli(config: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli([...args, "--config", config]);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

function configWithStore(name: string, prepare?: (path: string) => void): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  prepare?.(join(folder, "db"));
  const file = join(folder, "aimscan.config.yaml");
  writeFileSync(file, "store: { type: embedded, path: ./db }\n");
  return file;
}

describe("an empty store", () => {
  it("report --run latest --format json prints JSON (null) and exits 0", async () => {
    const { code, out, err } = await cli(configWithStore("empty-report"), "report", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toBeNull();
    expect(err).toContain("No completed run");
  });

  it("history --format json prints no runs", async () => {
    const { code, out } = await cli(configWithStore("empty-history"), "history", "--format", "json");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ runs: [] });
  });
});

describe("an embedded store path that cannot be opened", () => {
  it("a file where the folder should be: one line naming it, exit 2", async () => {
    const config = configWithStore("file-in-the-way", (db) => writeFileSync(db, "x"));
    const { code, err } = await cli(config, "history");
    expect(code).toBe(2);
    expect(err).toMatch(/db: cannot hold the embedded store \(store\.path\): not a folder\n$/);
  });

  it("a corrupt database folder: one line naming it, exit 2", async () => {
    const config = configWithStore("corrupt", (db) => {
      mkdirSync(db);
      writeFileSync(join(db, "CURRENT"), "garbage\n");
    });
    const { code, err } = await cli(config, "report");
    expect(code).toBe(2);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toMatch(/db: cannot open the embedded store: /);
  });

  it("a store held by another opener is refused with a clear message", async () => {
    const path = join(dir, "held");
    const first = await openStore({ type: "embedded", path });
    try {
      await expect(openStore({ type: "embedded", path })).rejects.toThrow(InputError);
      await expect(openStore({ type: "embedded", path })).rejects.toThrow(
        /in use by another aimscan process/,
      );
    } finally {
      await first.close();
    }
    const again = await openStore({ type: "embedded", path });
    await again.close();
  });
});
