// The CLI as one esbuild bundle of its own sources (and of the packages every command loads; cloud
// SDKs and the other packages stay in node_modules), built on demand
// and reused while its inputs are unchanged. Loading ~150 TypeScript files through tsx's loader
// thread took ~0.7 s of every command before it did anything; the bundle loads in ~0.1 s. No build
// step to remember: the first run after a change builds it (~1 s), and anything that goes wrong
// (no esbuild, a read-only install, a source esbuild cannot bundle) leaves bin/aimscan.mjs on tsx.
import { createHash } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const MANIFEST = "manifest.json";
/** A build lock older than this was left by a killed process. */
const STALE_LOCK_MS = 60_000;
/** Superseded bundles are removed only when this old: a running command may still import their chunks. */
const OLD_BUNDLE_MS = 3_600_000;

/**
 * The URL of a bundle of `entry` (relative to `root`) that is up to date with its sources, building
 * it under `out` if it is not (and no other process is); undefined when there is none to use.
 */
export async function freshBundle(root, entry = "cli/main.ts", out = join(root, "dist", "cli")) {
  try {
    const current = readManifest(out);
    if (current && current.entry === entry && unchanged(root, current.inputs)) return bundleUrl(out, current);
    const built = await buildLocked(root, entry, out);
    return built && bundleUrl(out, built);
  } catch {
    return undefined;
  }
}

function bundleUrl(out, manifest) {
  const main = manifest.entry.replace(/\.ts$/, ".js").split("/").at(-1);
  return pathToFileURL(join(out, manifest.dir, main)).href;
}

function readManifest(out) {
  try {
    return JSON.parse(readFileSync(join(out, MANIFEST), "utf8"));
  } catch {
    return undefined;
  }
}

/** Size and mtime first (a stat each); only a file whose stat differs is read and hashed. */
function unchanged(root, inputs) {
  for (const [file, was] of Object.entries(inputs)) {
    const path = join(root, file);
    const st = statSync(path, { throwIfNoEntry: false });
    if (was === null) {
      if (st) return false;
      continue;
    }
    if (!st || st.size !== was.size) return false;
    if (st.mtimeMs === was.mtimeMs) continue;
    // A checkout or an unpacked tarball touches files without changing them.
    if (sha1(readFileSync(path)) !== was.sha1) return false;
  }
  return true;
}

const sha1 = (bytes) => createHash("sha1").update(bytes).digest("hex");

/** One builder at a time; the others run on tsx meanwhile rather than wait for it. */
async function buildLocked(root, entry, out) {
  mkdirSync(out, { recursive: true });
  const lock = join(out, ".lock");
  let fd;
  try {
    fd = openSync(lock, "wx");
  } catch {
    const st = statSync(lock, { throwIfNoEntry: false });
    if (!st || Date.now() - st.mtimeMs < STALE_LOCK_MS) return undefined;
    rmSync(lock, { force: true });
    fd = openSync(lock, "wx");
  }
  try {
    return await build(root, entry, out);
  } finally {
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

async function build(root, entry, out) {
  const { build: esbuild } = await import("esbuild");
  const dir = `b${Date.now().toString(36)}${process.pid.toString(36)}`;
  const outdir = join(out, dir);
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true, // each command (and each cloud's SDKs) stays a chunk imported when needed
    format: "esm",
    platform: "node",
    target: "node20",
    external: externals(root),
    // The inlined packages include CommonJS (commander, yaml) that calls require().
    banner: {
      js: 'import { createRequire as aimscanCreateRequire } from "node:module"; const require = aimscanCreateRequire(import.meta.url);',
    },
    metafile: true,
    logLevel: "silent",
    plugins: [sourceUrls(root, outdir)],
  });
  const inputs = {};
  // Besides what was bundled: how it was (this builder's options, tsconfig's emit settings).
  // An absent one is recorded as null: a tsconfig.json that appears later counts as a change.
  const how = [relative(root, fileURLToPath(import.meta.url)), "tsconfig.json"];
  for (const file of how) if (!statSync(join(root, file), { throwIfNoEntry: false })) inputs[file] = null;
  for (const file of [...Object.keys(result.metafile.inputs), ...how.filter((f) => !(f in inputs))]) {
    const bytes = readFileSync(join(root, file));
    const st = statSync(join(root, file));
    inputs[file] = { size: st.size, mtimeMs: st.mtimeMs, sha1: sha1(bytes) };
  }
  const manifest = { entry, dir, inputs };
  const tmp = join(out, `${MANIFEST}.${process.pid}`);
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, join(out, MANIFEST));
  removeOld(out, dir);
  return manifest;
}

/**
 * Packages every command loads are inlined (resolving their ~200 files as ES modules took ~0.1 s of
 * each start); the others (cloud SDKs, dynalite, tsx) stay in node_modules, loaded when used.
 */
const INLINE = new Set(["zod", "yaml", "commander", "@marcbachmann/cel-js"]);

function externals(root) {
  let deps = [];
  try {
    deps = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies ?? {});
  } catch {
    // no package.json: nothing to keep outside
  }
  return deps.filter((d) => !INLINE.has(d)).flatMap((d) => [d, `${d}/*`]);
}

/**
 * Sources read files beside them (built-in policies, the demo's examples) through import.meta.url:
 * in the bundle each one's import.meta.url is still its own source file's URL, found from the
 * bundle's. Other import.meta fields are refused (the build fails, so the CLI stays on tsx).
 */
function sourceUrls(root, outdir) {
  return {
    name: "aimscan-source-urls",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        // Packages' own files as they are (the package itself may sit in a node_modules folder).
        if (relative(root, args.path).split(sep)[0] === "node_modules") return undefined;
        const text = readFileSync(args.path, "utf8");
        if (!text.includes("import.meta")) return { contents: text, loader: "ts" };
        const other = /import\.meta\.(?!url\b)\w+/.exec(text);
        if (other)
          return { errors: [{ text: `${relative(root, args.path)}: ${other[0]} in a bundled source` }] };
        const rel = relative(outdir, args.path).split(sep).join("/");
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
        return { contents: text.replaceAll("import.meta.url", url), loader: "ts" };
      });
    },
  };
}

function removeOld(out, keep) {
  for (const name of readdirSync(out)) {
    if (name === keep || !/^b[0-9a-z]+$/.test(name)) continue;
    const path = join(out, name);
    if (Date.now() - statSync(path).mtimeMs > OLD_BUNDLE_MS) rmSync(path, { recursive: true, force: true });
  }
}
