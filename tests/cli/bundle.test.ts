// bin/bundle.mjs: the CLI's bundle says what its sources say (files found through import.meta.url
// included), is rebuilt when a source changes and only then, and is not used when it cannot be built.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freshBundle as fresh } from "../../bin/bundle.mjs";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "aimscan.mjs");
const temp: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-bundle-"));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

let built: Promise<string | undefined> | undefined;
function build() {
  // Inside the repository (dist/ is ignored), so that the bundle's imports find node_modules.
  const out = join(ROOT, "dist", `test-${process.pid}`);
  temp.push(out);
  return fresh(ROOT, "cli/main.ts", out);
}

/** The CLI's stdout from the bundle (its own, built under `out`) or from the sources through tsx. */
async function cli(args: string[], bundled: boolean): Promise<string> {
  let argv = [BIN, ...args];
  if (bundled) {
    built ??= build();
    const url = await built;
    expect(url).toMatch(/^file:.*main\.js$/);
    const script = `const { main } = await import(${JSON.stringify(url)}); process.exitCode = await main(${JSON.stringify(args)});`;
    argv = ["--input-type=module", "-e", script];
  }
  const { stdout } = await run(process.execPath, argv, {
    cwd: ROOT,
    env: { ...process.env, AIMSCAN_BUNDLE: "0" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

describe("the CLI bundle", () => {
  it("prints what the sources print: built-in policies, a reconcile with policies, the version", async () => {
    const reconcile = [
      "reconcile",
      "--inventory",
      "examples/inventory",
      "--snapshot",
      "examples/snapshot.json",
      "--policies",
      "builtin",
      "--format",
      "json",
    ];
    const at = (s: string) => s.replace(/"generatedAt": "[^"]+"/, '"generatedAt": "…"');
    for (const args of [["policies", "list", "--format", "json"], reconcile, ["--version"]]) {
      const [bundled, sources] = await Promise.all([cli(args, true), cli(args, false)]);
      expect(at(bundled).length).toBeGreaterThan(0);
      expect(at(bundled)).toBe(at(sources));
    }
  }, 60_000);

  it("is reused while its sources are unchanged (a touched file included) and rebuilt when one changes", async () => {
    const root = tempDir();
    mkdirSync(join(root, "cli"));
    writeFileSync(
      join(root, "cli", "main.ts"),
      'import { word } from "./word.ts";\nexport const main = () => word;\n',
    );
    writeFileSync(join(root, "cli", "word.ts"), 'export const word: string = "one";\n');
    const first = await fresh(root);
    expect(first).toBeDefined();
    expect((await import(first!)).main()).toBe("one");
    expect(await fresh(root)).toBe(first);
    utimesSync(join(root, "cli", "word.ts"), new Date(), new Date(Date.now() + 5000));
    expect(await fresh(root)).toBe(first);
    writeFileSync(join(root, "cli", "word.ts"), 'export const word: string = "two";\n');
    const second = await fresh(root);
    expect(second).not.toBe(first);
    expect((await import(second!)).main()).toBe("two");
    // How sources are compiled counts too.
    writeFileSync(join(root, "tsconfig.json"), "{}\n");
    const third = await fresh(root);
    expect(third).not.toBe(second);
    expect(await fresh(root)).toBe(third);
    writeFileSync(join(root, "tsconfig.json"), '{ "compilerOptions": {} }\n');
    expect(await fresh(root)).not.toBe(third);
  });

  it("is not used when a source reads import.meta beyond url, or while another process builds", async () => {
    const root = tempDir();
    mkdirSync(join(root, "cli"));
    writeFileSync(join(root, "cli", "main.ts"), "export const main = () => import.meta.dirname;\n");
    expect(await fresh(root)).toBeUndefined();
    writeFileSync(join(root, "cli", "main.ts"), "export const main = () => 1;\n");
    mkdirSync(join(root, "dist", "cli"), { recursive: true });
    writeFileSync(join(root, "dist", "cli", ".lock"), "");
    expect(await fresh(root)).toBeUndefined();
    rmSync(join(root, "dist", "cli", ".lock"));
    expect(await fresh(root)).toBeDefined();
    expect(readdirSync(join(root, "dist", "cli")).filter((f) => f.startsWith("b"))).toHaveLength(1);
  });
});
