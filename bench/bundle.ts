// Bundles each Lambda handler as deployed (stacks/bundle.ts) and prints, per function: the size
// of what a cold start loads (entry + statically imported chunks), lazy chunks (Azure/GCP), and
// the cold import time in a fresh Node process. Budget: < 1.5 MB and < 300 ms each.
//   npx tsx bench/bundle.ts
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build, type Metafile } from "esbuild";
import { ESBUILD, HANDLERS, type HandlerName } from "../stacks/bundle.ts";
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

function coldImportMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const runs = [0, 1, 2].map(() =>
    Number(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim(),
    ),
  );
  return Math.min(...runs);
}

const figures: Figure[] = [];
try {
  const rows: string[] = [];
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    const dir = join(out, name);
    const entry = HANDLERS[name].replace(/\.handler$/, ".ts");
    const result = await build({
      ...ESBUILD,
      banner: { ...ESBUILD.banner },
      mainFields: [...ESBUILD.mainFields],
      entryPoints: [entry],
      outdir: dir,
      metafile: true,
      logLevel: "error",
    });
    const meta = result.metafile!;
    const entryOut = Object.keys(meta.outputs).find((f) => meta.outputs[f]!.entryPoint)!;
    const loaded = staticClosure(meta, entryOut);
    const bytes = (files: string[]) => files.reduce((n, f) => n + statSync(f).size, 0);
    const all = Object.keys(meta.outputs).filter((f) => f.endsWith(".js"));
    const initial = bytes([...loaded]);
    const lazy = bytes(all.filter((f) => !loaded.has(f)));
    const ms = coldImportMs(join(process.cwd(), entryOut));
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
    const banner = readFileSync(entryOut, "utf8").slice(0, 80);
    if (!banner.includes("createRequire")) rows.push(`  ${relative(out, entryOut)}: banner missing`);
  }
  if (!process.env.AIMSCAN_BENCH_JSON) {
    console.log("function  initial load (minified)   lazy chunks   cold import (best of 3)");
    for (const row of rows) console.log(row);
  }
  printFigures(figures);
} finally {
  rmSync(out, { recursive: true, force: true });
}
