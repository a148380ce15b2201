// What `npm pack` ships is enough to run: every relative import of a packed source resolves to a
// packed file, and every package a packed source imports is a runtime dependency (a devDependency
// is absent after `npm install -g`). The install itself is tests/package/install.test.ts.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, normalize } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};
let files: string[] = [];

beforeAll(async () => {
  const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    maxBuffer: 32 * 1024 * 1024,
  });
  files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
});

/** Import specifiers of a source file (static `from "…"` and dynamic `import("…")`). */
function imports(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  return [
    ...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^;"']*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/gm),
  ].map((m) => (m[1] ?? m[2])!);
}

const packageName = (spec: string) =>
  spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;

describe("the packed package", () => {
  it("ships the bin, the CLI's sources, the simulator and the demo's examples, and no tests", () => {
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(normalize(bin));
    for (const f of [
      "cli/main.ts",
      "simulator/scenarios/demo.yaml",
      "examples/demo/aimscan.config.yaml",
      "policies/aws.yaml",
      "README.md",
      "LICENSE",
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith("tests/") || f.startsWith("node_modules/"))).toEqual([]);
  });

  it("resolves every relative import of a packed source inside the package", () => {
    const missing: string[] = [];
    for (const file of files.filter((f) => /\.(ts|mjs|js)$/.test(f))) {
      for (const spec of imports(file).filter((s) => s.startsWith("."))) {
        const target = normalize(join(dirname(file), spec));
        if (!files.includes(target)) missing.push(`${file} imports ${spec}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("imports only runtime dependencies and Node built-ins from packed sources", () => {
    const builtin = new Set(builtinModules);
    const outside: string[] = [];
    for (const file of files.filter((f) => /\.(ts|mjs|js)$/.test(f))) {
      for (const spec of imports(file).filter((s) => !s.startsWith("."))) {
        if (spec.startsWith("node:") || builtin.has(spec)) continue;
        if (!(packageName(spec) in pkg.dependencies)) outside.push(`${file} imports ${spec}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
