// SST's own Lambda build, mirrored: what `sst deploy` does to a `sst.aws.Function` with a Node
// runtime, from the source of the SST version pinned in package.json (4.17.x):
//   pkg/runtime/node/build.go            esbuild options, banner, splitting, target by runtime
//   platform/src/components/aws/function.ts  the zip: the bundle folder minus the source maps
//                                         SST collected (uploaded to its bootstrap bucket instead)
// Read at tag v4.17.0 of github.com/sst/sst (no v4.17.1 tag; the 4.17.1 binary in
// node_modules/sst-linux-x64 carries the same banner strings, checked by
// tests/rehearsal/sst-build.test.ts, which also fails when the pinned SST version moves).
// Differences that remain: SST links esbuild 0.27.2 into its Go binary, this uses the npm
// esbuild of package.json; SST's "sst-version-check" plugin only matters for code importing `sst`.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";

/** The SST version whose source this file mirrors; must equal package.json's exact pin. */
export const SST_VERSION = "4.17.1";

/** build.go `targetMap`: the esbuild target for each Lambda runtime (ES2023 for Node 22). */
export const TARGET_BY_RUNTIME: Record<string, string> = {
  "nodejs24.x": "es2024",
  "nodejs22.x": "es2023",
  "nodejs20.x": "es2023",
  "nodejs18.x": "es2022",
  "nodejs16.x": "es2021",
  "nodejs14.x": "es2020",
  "nodejs12.x": "es2019",
};

/** build.go's banner lines, before the function's own `nodejs.banner` (joined with "\n"). */
export const SST_BANNER_LINES = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  "const require = topLevelCreateRequire(import.meta.url);",
  'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
] as const;

/** build.go `forceExternal`: never bundled, installed with npm into the bundle when imported. */
export const FORCE_EXTERNAL = ["sharp", "pg-native"] as const;

/** The part of `sst.aws.Function` args that the Node build reads. */
export interface SstFunction {
  handler: string;
  runtime: string;
  nodejs?: {
    format?: "esm" | "cjs";
    minify?: boolean;
    banner?: string;
    sourcemap?: boolean;
    splitting?: boolean;
    install?: string[];
    esbuild?: { external?: string[]; keepNames?: boolean; target?: string };
  };
}

/** Where the handler's source is: "functions/plan.handler" → functions/plan.ts (SST tries each). */
export function handlerSource(root: string, handler: string): string {
  const base = handler.slice(0, handler.lastIndexOf("."));
  const ext = [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"].find((e) => existsSync(join(root, base + e)));
  if (!ext) throw new Error(`Handler not found: ${handler}`);
  return join(root, base + ext);
}

/** esbuild options exactly as build.go computes them for a deploy (`input.Dev` false). */
export function sstBuildOptions(root: string, fn: SstFunction, outDir: string): BuildOptions {
  const p = fn.nodejs ?? {};
  const esm = p.format !== "cjs";
  const extension = esm ? ".mjs" : ".cjs";
  const target = join(outDir, `bundle${extension}`);
  const options: BuildOptions = {
    entryPoints: [handlerSource(root, fn.handler)],
    platform: "node",
    external: [...FORCE_EXTERNAL, ...(p.install ?? []), ...(p.esbuild?.external ?? [])],
    keepNames: p.esbuild?.keepNames ?? true,
    bundle: true,
    splitting: p.splitting ?? false,
    metafile: true,
    outfile: target,
    // Linked maps unless esbuild.sourcemap says otherwise; `sourcemap: false` does not turn
    // them off (build.go sets SourceMapLinked in that case too), it only keeps them in the zip.
    sourcemap: "linked",
    write: true,
    format: "esm",
    target: p.esbuild?.target ?? TARGET_BY_RUNTIME[fn.runtime],
    mainFields: ["module", "main"],
    banner: { js: [...SST_BANNER_LINES, p.banner ?? ""].join("\n") },
    absWorkingDir: root,
    logLevel: "silent",
  };
  if (!esm) {
    options.format = "cjs";
    options.banner = { js: p.banner ?? "" };
    options.mainFields = ["main"];
  }
  if (p.splitting) {
    options.outdir = outDir;
    options.outExtension = { ".js": ".mjs" };
    options.outfile = undefined;
    options.entryNames = "bundle";
  }
  if (p.minify) {
    options.minifyWhitespace = true;
    options.minifySyntax = true;
    options.minifyIdentifiers = true;
  }
  return options;
}

export interface SstBundle {
  /** The folder Lambda unpacks the zip into: only the files SST zips, no node_modules. */
  dir: string;
  /** Lambda's handler setting: "bundle.handler". */
  handler: string;
  /** The entry file inside `dir`. */
  entry: string;
  metafile: Metafile;
  /** Source maps SST keeps out of the zip (empty when `nodejs.sourcemap` is set). */
  sourcemaps: string[];
}

/**
 * Builds `fn` as `sst deploy` does into `buildDir`, then copies what SST would zip into `zipDir`
 * (a fresh folder: there is no node_modules beside it, as in Lambda's /var/task).
 */
export async function sstBuild(
  root: string,
  fn: SstFunction,
  buildDir: string,
  zipDir: string,
): Promise<SstBundle> {
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  const options = sstBuildOptions(root, fn, buildDir);
  const result = await build(options);
  if (result.errors.length) throw new Error(result.errors.map((e) => e.text).join("\n"));
  const outputs = Object.keys(result.metafile!.outputs).map((f) => join(root, f));
  // function.ts: `if (properties.SourceMap == nil)` the .map outputs are collected and left out.
  const sourcemaps = fn.nodejs?.sourcemap === undefined ? outputs.filter((f) => f.endsWith(".map")) : [];
  rmSync(zipDir, { recursive: true, force: true });
  mkdirSync(zipDir, { recursive: true });
  for (const file of outputs) {
    if (sourcemaps.includes(file)) continue;
    cpSync(file, join(zipDir, relative(buildDir, file)), { recursive: true });
  }
  const ext = fn.nodejs?.format === "cjs" ? ".cjs" : ".mjs";
  const handlerName = fn.handler.slice(fn.handler.lastIndexOf("."));
  return {
    dir: zipDir,
    handler: `bundle${handlerName}`,
    entry: join(zipDir, `bundle${ext}`),
    metafile: result.metafile!,
    sourcemaps,
  };
}
