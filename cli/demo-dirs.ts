// `aimscan demo` starts from nothing each time, so it empties its --out and --db folders — but
// only folders that hold nothing except a previous demo's output, recognised by shape: evidence
// bundles named by run id (--out), the embedded store's LevelDB files (--db). No marker file is
// added: the folder of bundles stays exactly what `evidence verify` and others read. Anything
// else (a user's notes.txt, `--out .` in a project) is refused before anything is touched.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { InputError } from "../core/yamlfile.ts";

export type DemoDirKind = "out" | "db";

// What the demo leaves in each folder: evidence bundles named by run id; the embedded store's
// LevelDB files.
const RUN_FOLDER = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;
const LEVELDB_FILE = /^(CURRENT|LOCK|LOG|LOG\.old|MANIFEST-\d+|\d+\.(log|ldb|sst))$/;

function demoShaped(dir: string, name: string, kind: DemoDirKind): boolean {
  const isDir = statSync(join(dir, name)).isDirectory();
  return kind === "out" ? isDir && RUN_FOLDER.test(name) : !isDir && LEVELDB_FILE.test(name);
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + sep);

/**
 * Checks every folder first (nothing touched if one is refused), then empties and marks them.
 * A folder may hold another (the default --db inside `--out .`): that entry is left to its own check.
 */
export function claimDemoDirs(dirs: { path: string; kind: DemoDirKind; flag: string }[]): void {
  const abs = dirs.map((d) => ({ ...d, abs: resolve(d.path) }));
  const nested = (dir: string, name: string) =>
    abs.some((o) => o.abs !== dir && inside(o.abs, join(dir, name)));
  for (const d of abs) {
    if (!existsSync(d.abs)) continue;
    if (!statSync(d.abs).isDirectory())
      throw new InputError(`${d.flag} ${d.path}: not a folder; give a new or empty folder`);
    const foreign = readdirSync(d.abs).filter((n) => !nested(d.abs, n) && !demoShaped(d.abs, n, d.kind));
    if (foreign.length > 0)
      throw new InputError(
        `${d.flag} ${d.path}: not empty and not a previous demo's output (holds ${foreign
          .slice(0, 3)
          .map((n) => JSON.stringify(n))
          .join(", ")}${foreign.length > 3 ? ", …" : ""}); give a new or empty folder, nothing was written`,
      );
  }
  for (const d of abs) {
    mkdirSync(d.abs, { recursive: true });
    for (const name of readdirSync(d.abs))
      if (!nested(d.abs, name)) rmSync(join(d.abs, name), { recursive: true, force: true });
  }
}
