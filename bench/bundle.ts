// Bundles each Lambda handler as SST deploys it (rehearsal/sst-build.ts with stacks/bundle.ts's
// `nodejs` block) and prints, per function: the size of what a cold start loads (bundle.mjs +
// statically imported chunks), lazy chunks (Azure/GCP), and the cold import time of bundle.mjs in
// a fresh Node process started in the zip's folder (no node_modules). Budget: < 1.5 MB, < 300 ms.
//   npx tsx bench/bundle.ts
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Metafile } from "esbuild";
import { SST_BANNER_LINES, sstBuild } from "../rehearsal/sst-build.ts";
import { HANDLERS, type HandlerName, NODEJS } from "../stacks/bundle.ts";
import { type Figure, printFigures } from "./figure.ts";

const MB = 1024 * 1024;
const out = mkdtempSync(join(tmpdir(), "aimscan-bundle-"));

function staticClosure(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? [])
      if (imp.kind === "import-statement" && !imp.external) visit(imp.path);
  };
  visit(entry);
  return seen;
}

function coldImportMs(dir: string, file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const runs = [0, 1, 2].map(() =>
    Number(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", cwd: dir })
        .trim()
        .split("\n")
        .pop(),
    ),
  );
  return Math.min(...runs);
}

const figures: Figure[] = [];
try {
  const rows: string[] = [];
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    const nodejs = { ...NODEJS, esbuild: { external: [...NODEJS.esbuild.external] } };
    const bundle = await sstBuild(
      process.cwd(),
      { handler: HANDLERS[name], runtime: "nodejs22.x", nodejs },
      join(out, "build", name),
      join(out, "zip", name),
    );
    const meta = bundle.metafile;
    // The entry is bundle.mjs (SST's entryNames), not whichever output happens to list an entryPoint.
    const entryOut = Object.keys(meta.outputs).find((f) => f.endsWith("/bundle.mjs"))!;
    const loaded = staticClosure(meta, entryOut);
    const bytes = (files: string[]) => files.reduce((n, f) => n + statSync(f).size, 0);
    const all = Object.keys(meta.outputs).filter((f) => f.endsWith(".mjs"));
    const initial = bytes([...loaded]);
    const lazy = bytes(all.filter((f) => !loaded.has(f)));
    const ms = coldImportMs(bundle.dir, bundle.entry);
    const ok = initial < 1.5 * MB && ms < 300 ? "ok" : "OVER BUDGET";
    figures.push(
      {
        figure: `bundle ${name}: loaded at cold start (minified)`,
        value: Number((initial / MB).toFixed(2)),
        unit: "MB",
        target: "< 1.5",
        met: initial < 1.5 * MB,
      },
      {
        figure: `bundle ${name}: cold import`,
        value: Math.round(ms),
        unit: "ms",
        target: "< 300",
        met: ms < 300,
      },
    );
    rows.push(
      `${name.padEnd(7)} ${(initial / MB).toFixed(2).padStart(5)} MB loaded  ${(lazy / MB).toFixed(2).padStart(5)} MB lazy  ${ms.toFixed(0).padStart(4)} ms cold import  ${ok}`,
    );
    const banner = readFileSync(bundle.entry, "utf8");
    if (!banner.startsWith(SST_BANNER_LINES[0]))
      rows.push(`  ${relative(out, bundle.entry)}: banner missing`);
  }
  if (!process.env.AIMSCAN_BENCH_JSON) {
    console.log("function  initial load (minified)   lazy chunks   cold import (best of 3)");
    for (const row of rows) console.log(row);
  }
  printFigures(figures);
} finally {
  rmSync(out, { recursive: true, force: true });
}
