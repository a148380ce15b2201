// Loads aimscan.config.yaml. Relative paths in the file are resolved against the file's folder,
// so a config works from any working directory.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { Config } from "./model.ts";
import { InputError, readYaml } from "./yamlfile.ts";

export const DEFAULT_CONFIG_FILE = "aimscan.config.yaml";

// An empty file is a mistake (a truncated copy, `--config /dev/null`), never "all defaults".
const EMPTY_CONFIG =
  "the config is empty; give at least one key (npx aimscan schema config lists them) or omit --config";

/** Parses config text; `source` names the file in error messages and anchors relative paths. */
export function parseConfig(text: string, source: string): Config {
  const { value } = readYaml(source, Config, text, { requireContent: EMPTY_CONFIG });
  return resolvePaths(value, dirname(resolve(source)));
}

/**
 * Reads the config file. With no file given and no `./aimscan.config.yaml`, returns the embedded
 * defaults (embedded store, built-in policies, no clouds) so read-only commands work anywhere.
 */
export function loadConfig(file?: string): Config {
  if (file === undefined && !existsSync(DEFAULT_CONFIG_FILE)) return Config.parse({});
  const path = file ?? DEFAULT_CONFIG_FILE;
  const { value } = readYaml(path, Config, undefined, { requireContent: EMPTY_CONFIG });
  return resolvePaths(value, dirname(resolve(path)));
}

/**
 * For `aimscan run`: also checks that the inventory and policy packs the file names exist, so
 * the error points at the config line that names them rather than at a path alone.
 */
export function loadRunConfig(file?: string): Config {
  // A nightly run with nothing configured would scan nothing and store an empty night: say so.
  if (file === undefined && !existsSync(DEFAULT_CONFIG_FILE))
    throw new InputError(
      `${DEFAULT_CONFIG_FILE}: not found; write one (npx aimscan schema config lists its keys) or pass --config FILE`,
    );
  const path = file ?? DEFAULT_CONFIG_FILE;
  const { value, pos } = readYaml(path, Config, undefined, { requireContent: EMPTY_CONFIG });
  const config = resolvePaths(value, dirname(resolve(path)));
  const missing = (where: (string | number)[], target: string, what: string) => {
    const { line, col } = pos(where);
    return new InputError(`${path}:${line}:${col}: ${what}: ${target} not found`);
  };
  if (!existsSync(config.inventory)) throw missing(["inventory"], config.inventory, "inventory");
  config.policies.forEach((p, i) => {
    if (p !== "builtin" && !existsSync(p)) throw missing(["policies", i], p, `policies[${i}]`);
  });
  return config;
}

function resolvePaths(config: Config, base: string): Config {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...config,
    inventory: abs(config.inventory),
    policies: config.policies.map((p) => (p === "builtin" ? p : abs(p))),
    store:
      config.store.type === "embedded" ? { ...config.store, path: abs(config.store.path) } : config.store,
    evidence: { ...config.evidence, dir: abs(config.evidence.dir) },
    ...(config.gcp?.credentialsFile
      ? { gcp: { ...config.gcp, credentialsFile: abs(config.gcp.credentialsFile) } }
      : {}),
  };
}
