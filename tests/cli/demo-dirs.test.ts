// `demo --out DIR` never deletes what it did not write: a folder holding anything but a previous
// demo's output is refused with one line and exit 2, before anything is written or removed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimDemoDirs } from "../../cli/demo-dirs.ts";
import { runCli } from "./run-cli.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "aimscan-demo-dirs-"));

describe("demo output folders", () => {
  it("refuses a folder holding a user's file, deleting and writing nothing", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = await runCli(["demo", "--out", dir, "--db", join(dir, "..", `${Date.now()}-db`)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      `--out ${dir}: not empty and not a previous demo's output (holds "notes.txt"); give a new or empty folder, nothing was written`,
    ]);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it("refuses --out . in a project folder without crashing", async () => {
    const cwd = process.cwd();
    const dir = tmp();
    writeFileSync(join(dir, "package.json"), "{}");
    process.chdir(dir);
    try {
      const r = await runCli(["demo", "--out", "."]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^--out \.: not empty and not a previous demo's output \(holds "package\.json"\)/,
      );
      expect(readdirSync(dir)).toEqual(["package.json"]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("re-uses a folder of a previous demo's bundles and store files, and checks both before touching either", () => {
    const dir = tmp();
    const out = join(dir, "out");
    const db = join(dir, "db");
    mkdirSync(join(out, "20261201T222649Z-9cc33cba"), { recursive: true });
    writeFileSync(join(out, "20261201T222649Z-9cc33cba", "manifest.json"), "{}");
    mkdirSync(db);
    for (const f of ["CURRENT", "LOCK", "LOG", "MANIFEST-000004", "000005.log"])
      writeFileSync(join(db, f), "");
    // A stray file in the store folder: the bundles folder is left as it was too.
    writeFileSync(join(db, "keep.txt"), "");
    expect(() =>
      claimDemoDirs([
        { path: out, kind: "out", flag: "--out" },
        { path: db, kind: "db", flag: "--db" },
      ]),
    ).toThrow(/--db .*holds "keep\.txt"/);
    expect(readdirSync(out)).toEqual(["20261201T222649Z-9cc33cba"]);

    const clean = join(dir, "db2");
    mkdirSync(clean);
    writeFileSync(join(clean, "CURRENT"), "");
    claimDemoDirs([
      { path: out, kind: "out", flag: "--out" },
      { path: clean, kind: "db", flag: "--db" },
      { path: join(dir, "new"), kind: "out", flag: "--out" },
    ]);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(clean)).toEqual([]);
    expect(existsSync(join(dir, "new"))).toBe(true);
  });

  it("keeps a store folder nested in the bundles folder for its own check (--out . with the default --db)", () => {
    const dir = tmp();
    mkdirSync(join(dir, ".aimscan", "demo-db"), { recursive: true });
    writeFileSync(join(dir, ".aimscan", "demo-db", "CURRENT"), "");
    mkdirSync(join(dir, "20261201T222649Z-9cc33cba"));
    claimDemoDirs([
      { path: dir, kind: "out", flag: "--out" },
      { path: join(dir, ".aimscan", "demo-db"), kind: "db", flag: "--db" },
    ]);
    expect(readdirSync(dir)).toEqual([".aimscan"]);
    expect(readdirSync(join(dir, ".aimscan", "demo-db"))).toEqual([]);
  });
});
