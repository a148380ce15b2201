// rehearsal/sst-build.ts mirrors SST's Node build by hand; these tests tie that mirror to the SST
// actually installed (so a version bump or a changed banner fails here, not at init in Lambda) and
// check what the mirror produces for our four handlers.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SST_BANNER_LINES, SST_VERSION, sstBuild, sstBuildOptions } from "../../rehearsal/sst-build.ts";
import { HANDLERS, NODEJS } from "../../stacks/bundle.ts";

const ROOT = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "aimscan-sst-build-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const nodejs = { ...NODEJS, esbuild: { external: [...NODEJS.esbuild.external] } };

describe("the SST build mirror is pinned to the installed SST", () => {
  it("names the exact sst version of package.json and package-lock (no range)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
    expect(pkg.devDependencies.sst).toBe(SST_VERSION);
    expect(lock.packages["node_modules/sst"].version).toBe(SST_VERSION);
    expect(JSON.parse(readFileSync(join(ROOT, "node_modules/sst/package.json"), "utf8")).version).toBe(
      SST_VERSION,
    );
  });

  it("finds each banner line, the runtime targets and the zip's source-map exclusion in SST's binary", () => {
    // The Go binary holds build.go's string constants and the embedded platform sources verbatim.
    const arch = process.arch === "ia32" ? "x86" : process.arch;
    const bin = join(ROOT, `node_modules/sst-${process.platform}-${arch}/bin/sst`);
    expect(existsSync(bin), `${bin}: SST's binary for this platform is not installed`).toBe(true);
    const binary = readFileSync(bin);
    for (const line of SST_BANNER_LINES) expect(binary.includes(line), line).toBe(true);
    // build.go's targetMap keys, in its order (the map's values are Go enums, not visible here).
    expect(binary.includes("nodejs24.xnodejs22.xnodejs20.xnodejs18.x")).toBe(true);
    expect(binary.includes("sourcemaps?.map((item) => path.relative(bundle, item))")).toBe(true);
  });
});

describe("sstBuildOptions", () => {
  it("is build.go's deploy build: ESM, ES2023 for nodejs22.x, module before main, SST's banner first", () => {
    const o = sstBuildOptions(ROOT, { handler: HANDLERS.plan, runtime: "nodejs22.x", nodejs }, "/out");
    expect(o).toMatchObject({
      format: "esm",
      platform: "node",
      bundle: true,
      target: "es2023",
      mainFields: ["module", "main"],
      keepNames: true,
      splitting: true,
      outdir: "/out",
      entryNames: "bundle",
      outExtension: { ".js": ".mjs" },
      sourcemap: "linked",
      minifyWhitespace: true,
      minifySyntax: true,
      minifyIdentifiers: true,
    });
    expect(o.external).toEqual(["sharp", "pg-native", "dynalite"]);
    expect(o.banner!.js).toBe(`${SST_BANNER_LINES.join("\n")}\n`);
    const own = sstBuildOptions(
      ROOT,
      {
        handler: HANDLERS.plan,
        runtime: "nodejs22.x",
        nodejs: { banner: "// mine" },
      },
      "/out",
    );
    expect(own.banner!.js!.endsWith("\n// mine")).toBe(true);
    expect(own.outfile).toBe("/out/bundle.mjs");
  });
});

describe("our handlers built as SST builds them", () => {
  for (const [name, handler] of Object.entries(HANDLERS)) {
    it(`${name}: starts from a folder without node_modules, no dynalite, no native addon, no map in the zip`, async () => {
      const b = await sstBuild(
        ROOT,
        { handler, runtime: "nodejs22.x", nodejs },
        join(work, "build", name),
        join(work, "zip", name),
      );
      expect(b.handler).toBe("bundle.handler");
      const inputs = Object.keys(b.metafile.inputs);
      expect(inputs.filter((i) => /dynalite|classic-level|leveldown|\.node$/.test(i))).toEqual([]);
      const files = readdirSync(b.dir);
      expect(files.filter((f) => f.endsWith(".map") || f.endsWith(".node"))).toEqual([]);
      expect(files).not.toContain("node_modules");
      const head = readFileSync(b.entry, "utf8");
      expect(head.startsWith(SST_BANNER_LINES.join("\n"))).toBe(true);
      expect(head.match(/const require\b/g)).toHaveLength(1);
      // Started in the zip folder as Lambda's runtime imports it: init must not throw.
      const out = execFileSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          "const m = await import('./bundle.mjs'); console.log(typeof m.handler)",
        ],
        { cwd: b.dir, encoding: "utf8", env: { PATH: process.env.PATH, AWS_REGION: "us-east-1" } },
      );
      expect(out.trim().split("\n").pop()).toBe("function");
    }, 120_000);
  }
});
