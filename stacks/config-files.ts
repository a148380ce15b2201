// At deploy time: validate aimscan.config.yaml with the same zod schema the CLI uses, and collect
// it with the inventory and policy files it names, as keys relative to the config's folder. The
// stack uploads them under config/ in the working bucket; the functions download that prefix and
// load the config from there, so relative paths mean the same thing on a laptop and in Lambda.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseConfig } from "../core/config.ts";
import type { Config } from "../core/model.ts";

export interface ConfigFile {
  key: string;
  content: string;
}

export const CONFIG_FILE_NAME = "aimscan.config.yaml";

export function collectConfigFiles(configPath: string): { config: Config; files: ConfigFile[] } {
  const text = readFileSync(configPath, "utf8");
  const config = parseConfig(text, configPath);
  const refused = deployProblem(config);
  if (refused) throw new Error(`${configPath}: ${refused}`);
  const base = dirname(resolve(configPath));
  const files: ConfigFile[] = [{ key: CONFIG_FILE_NAME, content: text }];
  const paths = [config.inventory, ...config.policies.filter((p) => p !== "builtin")];
  for (const path of paths) {
    for (const file of yamlFiles(path)) {
      const key = relative(base, file).split(sep).join("/");
      if (key.startsWith("..")) {
        throw new Error(`${configPath}: ${file} is outside the config's folder; move it under ${base}`);
      }
      files.push({ key, content: readFileSync(file, "utf8") });
    }
  }
  const credentials = config.gcp?.credentialsFile;
  if (credentials) {
    const key = relative(base, credentials).split(sep).join("/");
    if (key.startsWith("..")) throw new Error(`${configPath}: gcp.credentialsFile must be under ${base}`);
    const content = readFileSync(credentials, "utf8");
    const refusedFile = credentialProblem(content);
    if (refusedFile) throw new Error(`${configPath}: gcp.credentialsFile: ${refusedFile}`);
    files.push({ key, content });
  }
  return { config, files };
}

/**
 * Only a credential without a secret may be deployed: an `external_account` file (workload
 * identity federation) holds URLs and an audience; a service-account key would be a long-lived
 * secret in S3 and in every function's /tmp.
 */
export function credentialProblem(content: string): string | undefined {
  let parsed: { type?: unknown; private_key?: unknown };
  try {
    parsed = JSON.parse(content) as typeof parsed;
  } catch {
    return "not a JSON credential file";
  }
  if (parsed.type === "external_account" && parsed.private_key === undefined) return undefined;
  return `a "${String(parsed.type)}" credential holds a secret; deploy an external_account file for workload identity federation with an AWS provider (see README, "Azure and GCP from Lambda")`;
}

/** The member-role template requires an external id (MinLength 8); a deployment without one could never assume it. */
export const EXTERNAL_ID_MIN_LENGTH = 8;

/**
 * What the deployment refuses although the CLI accepts it: scanning member accounts from Lambda
 * without `aws.externalId` would fail every night at AssumeRole, since the member role's trust
 * requires one. Better one line at `sst deploy` than a night of failed coverage.
 */
export function deployProblem(config: Config): string | undefined {
  const aws = config.aws;
  if (!aws || (!aws.organization && !aws.accounts?.length)) return undefined;
  const id = aws.externalId ?? "";
  if (id.length >= EXTERNAL_ID_MIN_LENGTH) return undefined;
  return id
    ? `aws.externalId: must be at least ${EXTERNAL_ID_MIN_LENGTH} characters (the member role's template refuses shorter)`
    : "aws.externalId: required to deploy a scan of member accounts (aws.organization or aws.accounts); " +
        "give the value the member-role StackSet was created with (ParameterKey=ExternalId)";
}

function yamlFiles(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(path, name));
}
