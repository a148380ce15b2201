// Loads aimscan.config.yaml. Relative paths in the file are resolved against the file's folder,
// so a config works from any working directory.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { Config } from "./model.ts";
import { readYaml } from "./yamlfile.ts";

export const DEFAULT_CONFIG_FILE = "aimscan.config.yaml";

/** Parses config text; `source` names the file in error messages and anchors relative paths. */
export function parseConfig(text: string, source: string): Config {
  const { value } = readYaml(source, Config, text);
  return resolvePaths(value, dirname(resolve(source)));
}

/**
 * Reads the config file. With no file given and no `./aimscan.config.yaml`, returns the embedded
 * defaults (embedded store, built-in policies, no clouds) so read-only commands work anywhere.
 */
export function loadConfig(file?: string): Config {
  if (file === undefined && !existsSync(DEFAULT_CONFIG_FILE)) return Config.parse({});
  const path = file ?? DEFAULT_CONFIG_FILE;
  const { value } = readYaml(path, Config);
  return resolvePaths(value, dirname(resolve(path)));
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
  };
}
