// Planning: which accounts (config, Organizations or the caller's own), which regions (config or each
// account's enabled regions), one shard per (account, region, service); IAM is global. An account
// whose regions cannot be listed still gets shards, ones that fail with the reason.
import { AccountClient, type AccountClientConfig, ListRegionsCommand } from "@aws-sdk/client-account";
import {
  ListAccountsCommand,
  OrganizationsClient,
  type OrganizationsClientConfig,
} from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import type { AwsConfig } from "../../core/model.ts";
import type { ShardSpec } from "../engine.ts";
import { type AwsDeps, assumeRole, CALLER_STS_KEY, clientOptions } from "./clients.ts";
import { AWS_SERVICES, type AwsService } from "./declaration.ts";
import { describeAwsError, withErrorContext } from "./errors.ts";
import { type Partition, partitionNamed, partitionOf } from "./partition.ts";

/** Actions planning needs besides the scanners' (the iam-policy includes them). */
export const PLAN_ACTIONS = ["sts:AssumeRole", "organizations:ListAccounts", "account:ListRegions"] as const;

export async function planAws(cfg: AwsConfig, deps: AwsDeps = {}): Promise<ShardSpec[]> {
  const services = AWS_SERVICES.filter((s) => !cfg.services || cfg.services.includes(s));
  const guess = await scanPartition(cfg);
  const identity = await readable(callerIdentity(cfg, deps, guess), "sts");
  // The caller's own ARN names the partition for certain (arn:aws-us-gov:sts::…).
  const partition = partitionNamed(identity.partition ?? "") ?? guess;
  const caller = identity.account;
  const accounts =
    cfg.accounts ??
    (cfg.organization
      ? await readable(organizationAccounts(cfg, deps, partition), "organizations")
      : [caller]);
  const plans = await Promise.all(
    [...new Set(accounts)].map((account) => planAccount(cfg, deps, services, account, caller, partition)),
  );
  return interleave(plans);
}

async function planAccount(
  cfg: AwsConfig,
  deps: AwsDeps,
  services: AwsService[],
  account: string,
  caller: string,
  partition: Partition,
): Promise<ShardSpec[]> {
  const roleArn =
    account === caller ? undefined : `arn:${partition.name}:iam::${account}:role/${cfg.roleName}`;
  // Regional shards know their partition from the region; "global" ones carry it (aws by default).
  const params: Record<string, string> = {
    ...(roleArn ? { roleArn } : {}),
    ...(partition.name !== "aws" ? { partition: partition.name } : {}),
  };
  const shard = (service: AwsService, region: string, extra: Record<string, string> = {}): ShardSpec => ({
    provider: "aws",
    account,
    region,
    service,
    params: { ...params, ...extra },
  });
  let regions: string[];
  try {
    regions = Array.isArray(cfg.regions) ? cfg.regions : await enabledRegions(cfg, deps, roleArn, partition);
  } catch (e) {
    // "global" coverage spans every region of the account, so reconcile marks all of it unverified.
    const planError = `cannot list enabled regions of ${account}: ${describeAwsError(e, { principal: roleArn, service: "account" })}`;
    return services.map((s) => shard(s, "global", { planError }));
  }
  // Services alternate within each region so concurrent shards keep every rate-limit key busy.
  const regional = services.filter((s) => s !== "iam");
  const global = services.includes("iam") ? [shard("iam", "global")] : [];
  return [...regions.flatMap((r) => regional.map((s) => shard(s, r))), ...global];
}

/**
 * The partition to sign the first calls for: that of the configured regions, else of the region the
 * SDK's own chain names (AWS_REGION, the profile), else aws. One scan covers one partition: the same
 * credentials are not valid in another.
 */
async function scanPartition(cfg: AwsConfig): Promise<Partition> {
  if (Array.isArray(cfg.regions)) {
    const names = [...new Set(cfg.regions.map((r) => partitionOf(r).name))];
    if (names.length > 1) {
      throw new Error(
        `aws.regions mixes partitions (${names.join(", ")}): credentials of one partition are not valid in another; scan each partition with its own config`,
      );
    }
    return partitionOf(cfg.regions[0]!);
  }
  const probe = new STSClient({});
  try {
    return partitionOf(await probe.config.region());
  } catch {
    return partitionOf("us-east-1");
  } finally {
    probe.destroy();
  }
}

async function callerIdentity(
  cfg: AwsConfig,
  deps: AwsDeps,
  partition: Partition,
): Promise<{ account: string; partition: string | undefined }> {
  const sts = withErrorContext(new STSClient(clientOptions(cfg, deps, partition.home) as STSClientConfig));
  try {
    deps.spent?.set(CALLER_STS_KEY, (deps.spent.get(CALLER_STS_KEY) ?? 0) + 1);
    const r = await sts.send(new GetCallerIdentityCommand({}));
    if (!r.Account) throw new Error("GetCallerIdentity returned no account");
    return { account: r.Account, partition: r.Arn?.split(":")[1] };
  } finally {
    sts.destroy();
  }
}

async function organizationAccounts(cfg: AwsConfig, deps: AwsDeps, partition: Partition): Promise<string[]> {
  const org = withErrorContext(
    new OrganizationsClient(clientOptions(cfg, deps, partition.orgHome) as OrganizationsClientConfig),
  );
  const ids: string[] = [];
  try {
    let next: string | undefined;
    do {
      const r = await org.send(new ListAccountsCommand({ NextToken: next }));
      for (const a of r.Accounts ?? []) if (a.Id && (a.State ?? a.Status) === "ACTIVE") ids.push(a.Id);
      next = r.NextToken;
    } while (next);
  } finally {
    org.destroy();
  }
  return ids;
}

async function enabledRegions(
  cfg: AwsConfig,
  deps: AwsDeps,
  roleArn: string | undefined,
  partition: Partition,
): Promise<string[]> {
  const credentials = roleArn ? await assumeRole(cfg, deps, roleArn, partition.home) : undefined;
  const client = withErrorContext(
    new AccountClient(clientOptions(cfg, deps, partition.orgHome, credentials) as AccountClientConfig),
  );
  const regions: string[] = [];
  try {
    let next: string | undefined;
    do {
      const r = await client.send(
        new ListRegionsCommand({
          RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"],
          NextToken: next,
        }),
      );
      for (const region of r.Regions ?? []) if (region.RegionName) regions.push(region.RegionName);
      next = r.NextToken;
    } while (next);
  } finally {
    client.destroy();
  }
  return regions;
}

/** Planning failures read like shard failures: operation, status, request id, what to do. */
async function readable<T>(p: Promise<T>, service: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new Error(describeAwsError(e, { service }));
  }
}

/** Round-robin over accounts so concurrent shards spread over many rate-limit keys. */
function interleave(plans: ShardSpec[][]): ShardSpec[] {
  const out: ShardSpec[] = [];
  for (let i = 0; plans.some((p) => i < p.length); i++) {
    for (const p of plans) if (i < p.length) out.push(p[i]!);
  }
  return out;
}
