// Engines and dependencies agree: installing the locked tree on the Node that runs these tests
// (the README's floor, 20.19) must not warn EBADENGINE. `npm ci --dry-run` resolves the lockfile
// and checks every package's engines without touching node_modules.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "aimscan-engines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("package engines", () => {
  it("the locked tree installs on this Node without an EBADENGINE warning", async () => {
    copyFileSync(join(root, "package.json"), join(dir, "package.json"));
    copyFileSync(join(root, "package-lock.json"), join(dir, "package-lock.json"));
    const { stdout, stderr } = await run(
      "npm",
      ["ci", "--dry-run", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(`${stdout}\n${stderr}`).not.toMatch(/EBADENGINE/);
  });

  it("declares a Node floor that this Node meets", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      engines: { node: string };
    };
    const floor = /^>=(\d+)\.(\d+)/.exec(pkg.engines.node);
    expect(floor).not.toBeNull();
    const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
    const [fMajor, fMinor] = [Number(floor?.[1]), Number(floor?.[2])];
    expect(major > fMajor || (major === fMajor && minor >= fMinor)).toBe(true);
  });
});
